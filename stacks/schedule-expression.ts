/**
 * EventBridge Scheduler's recurring expressions, as its API reference defines them:
 * `cron(minutes hours day-of-month month day-of-week year)` and `rate(value unit)`. Returns
 * `undefined` for a valid expression, or the rule it breaks (phrased to follow
 * "<key> = <value>: ").
 */
export function scheduleExpressionRule(expression: string): string | undefined {
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return cronRule(cron[1]);
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) return rateRule(rate[1]);
  return "a schedule is cron(min hour day-of-month month day-of-week year) or rate(N unit)";
}

const months = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC";
const days = "SUN|MON|TUE|WED|THU|FRI|SAT";

/** Per field: its name, the pattern of one list item, and the specials it alone allows. */
const cronFields: readonly { name: string; item: RegExp }[] = [
  { name: "minutes", item: range("[0-5]?\\d") },
  { name: "hours", item: range("[01]?\\d|2[0-3]") },
  {
    name: "day-of-month",
    item: new RegExp(
      String.raw`^(\*|L|LW|([1-9]|[12]\d|3[01])W?|` +
        String.raw`(([1-9]|[12]\d|3[01])(-([1-9]|[12]\d|3[01]))?)(\/\d+)?)$`,
    ),
  },
  { name: "month", item: range(`[1-9]|1[0-2]|${months}`) },
  {
    name: "day-of-week",
    item: new RegExp(
      `^(\\*|([1-7]|${days})(L|#[1-5])|(([1-7]|${days})(-([1-7]|${days}))?)(\\/\\d+)?)$`,
    ),
  },
  { name: "year", item: range("19[7-9]\\d|2[01]\\d\\d") },
];

function range(value: string): RegExp {
  return new RegExp(`^(\\*|(${value})(-(${value}))?)(\\/\\d+)?$`);
}

function cronRule(body: string): string | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    return (
      `a cron expression has six fields (minutes hours day-of-month month day-of-week year), ` +
      `not ${fields.length}`
    );
  }
  const [dayOfMonth, dayOfWeek] = [fields[2], fields[4]];
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
    return "a cron expression needs ? in exactly one of day-of-month and day-of-week";
  }
  for (const [i, field] of fields.entries()) {
    const spec = cronFields[i];
    if (field === "?" && (i === 2 || i === 4)) continue;
    if (field === "?") return `? is only allowed in day-of-month or day-of-week, not ${spec.name}`;
    const bad = field.split(",").find((item) => !spec.item.test(item.toUpperCase()));
    if (bad !== undefined) return `"${bad}" is not a valid ${spec.name} value in a cron expression`;
  }
  return undefined;
}

function rateRule(body: string): string | undefined {
  const match = /^(\d+) ([a-z]+)$/.exec(body.trim());
  if (!match) return "a rate expression is rate(N unit), e.g. rate(5 minutes) or rate(1 day)";
  const value = Number(match[1]);
  const unit = match[2];
  if (value < 1) return "a rate expression needs a value of 1 or more";
  const singular = ["minute", "hour", "day"];
  const plural = singular.map((u) => `${u}s`);
  if (value === 1 && !singular.includes(unit)) {
    return `rate(1 ...) takes a singular unit: minute, hour or day, not "${unit}"`;
  }
  if (value > 1 && !plural.includes(unit)) {
    return `rate(${value} ...) takes a plural unit: minutes, hours or days, not "${unit}"`;
  }
  return undefined;
}
