import { InvalidArgumentError } from "commander";

/** The longest step limit accepted: a scheduled task must not wait on one step for longer. */
export const maxStepSeconds = 3600;

/** Parses a positive number of seconds (at most an hour) for an option, or says what is right. */
export function positiveSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError("expected a positive number of seconds, e.g. 5 or 0.5");
  }
  if (seconds > maxStepSeconds) {
    throw new InvalidArgumentError(
      `expected at most ${maxStepSeconds} seconds (one hour) per step, got ${value}`,
    );
  }
  return seconds;
}

/** Parses a whole number of days (at least 1) for an option. */
export function positiveDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) {
    throw new InvalidArgumentError("expected a whole number of days, at least 1, e.g. 90");
  }
  return days;
}

/** Parses a whole number (at least 1) for an option. */
export function positiveCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidArgumentError("expected a whole number, at least 1, e.g. 10");
  }
  return count;
}

/** Parses a fraction between 0 and 1 (exclusive of 0) for an option. */
export function fraction(value: string): number {
  const ratio = Number(value);
  if (value.trim() === "" || !Number.isFinite(ratio) || ratio <= 0 || ratio > 1) {
    throw new InvalidArgumentError("expected a fraction above 0 and at most 1, e.g. 0.9");
  }
  return ratio;
}

/** Parses a positive number of minutes (fractions allowed) for an option. */
export function positiveMinutes(value: string): number {
  const minutes = Number(value);
  if (value.trim() === "" || !Number.isFinite(minutes) || minutes <= 0) {
    throw new InvalidArgumentError("expected a positive number of minutes, e.g. 5 or 0.5");
  }
  return minutes;
}
