import type * as pulumi from "@pulumi/pulumi";
import { colors, otherColor, type Color } from "../stacks/outputs";

/** Percent of production traffic each colour's target group gets. */
export type ListenerWeights = Readonly<Record<Color, number>>;

/**
 * Production listener weights from the live colour and the canary percentage: the live colour
 * gets 100 minus the canary, the idle colour the canary. Outside a canary the idle colour gets
 * exactly 0, and still appears in the forward action (see `forwardTargetGroups`).
 */
export function listenerWeights(liveColor: Color, canaryPercent: number): ListenerWeights {
  if (!Number.isInteger(canaryPercent) || canaryPercent < 0 || canaryPercent > 100) {
    throw new RangeError(
      `canaryPercent is ${canaryPercent}; use a whole number 0-100 (the idle colour's share)`,
    );
  }
  const idle = otherColor(liveColor);
  return { [liveColor]: 100 - canaryPercent, [idle]: canaryPercent } as ListenerWeights;
}

/** The forward action's target groups: always both colours, blue first, with their weights. */
export function forwardTargetGroups(
  arns: Readonly<Record<Color, pulumi.Input<string>>>,
  weights: ListenerWeights,
): { arn: pulumi.Input<string>; weight: number }[] {
  return colors.map((color) => ({ arn: arns[color], weight: weights[color] }));
}
