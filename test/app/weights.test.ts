import { strict as assert } from "node:assert";
import { forwardTargetGroups, listenerWeights } from "../../components/weights";
import { loadSettings, SettingsError, type RawConfig } from "../../stacks/settings";

const raw = (traffic: Record<string, unknown>): RawConfig => ({
  "aws:region": "eu-west-1",
  "ai-skills:environment": "staging",
  "ai-skills:owner": "platform-team",
  "ai-skills:costCenter": "ai-skills",
  "ai-skills:traffic": traffic,
});

describe("production listener weights", () => {
  it("gives the live colour 100 minus the canary and the idle colour the canary, 0-100", () => {
    for (const live of ["blue", "green"] as const) {
      const idle = live === "blue" ? "green" : "blue";
      for (let canary = 0; canary <= 100; canary++) {
        const weights = listenerWeights(live, canary);
        assert.equal(weights[live], 100 - canary, `${live} live, canary ${canary}`);
        assert.equal(weights[idle], canary, `${idle} idle, canary ${canary}`);
      }
    }
  });

  it("gives the idle colour exactly 0 outside a canary, and the live colour everything", () => {
    assert.deepEqual(listenerWeights("blue", 0), { blue: 100, green: 0 });
    assert.deepEqual(listenerWeights("green", 0), { green: 100, blue: 0 });
  });

  it("sends everything to the idle colour at 100", () => {
    assert.deepEqual(listenerWeights("blue", 100), { blue: 0, green: 100 });
    assert.deepEqual(listenerWeights("green", 100), { green: 0, blue: 100 });
  });

  it("keeps both target groups in the forward action, even at weight 0", () => {
    const groups = forwardTargetGroups(
      { blue: "arn:blue", green: "arn:green" },
      listenerWeights("green", 0),
    );
    assert.deepEqual(groups, [
      { arn: "arn:blue", weight: 0 },
      { arn: "arn:green", weight: 100 },
    ]);
  });

  it("refuses a canary outside 0-100 or a fraction", () => {
    for (const bad of [-1, 101, 12.5, Number.NaN]) {
      assert.throws(() => listenerWeights("blue", bad), {
        name: "RangeError",
        message: `canaryPercent is ${bad}; use a whole number 0-100 (the idle colour's share)`,
      });
    }
  });

  it("settings reject an out-of-range canary with a clear message", () => {
    const cases: [number, string][] = [
      [
        -1,
        "ai-skills:traffic.canaryPercent = -1: the canary percentage is 0-100: the idle colour's " +
          "share of production traffic",
      ],
      [
        101,
        "ai-skills:traffic.canaryPercent = 101: the canary percentage is 0-100: the idle " +
          "colour's share of production traffic",
      ],
      [2.5, "ai-skills:traffic.canaryPercent = 2.5: the canary percentage is a whole number"],
    ];
    for (const [canary, message] of cases) {
      assert.throws(
        () => loadSettings("staging", raw({ canaryPercent: canary })),
        (error: unknown) => {
          assert.ok(error instanceof SettingsError);
          assert.deepEqual(
            error.message
              .split("\n")
              .slice(1)
              .map((l) => l.replace(/^ {2}- /, "")),
            [message],
          );
          return true;
        },
      );
    }
  });

  it("settings accept the edges 0 and 100 and reject an unknown colour", () => {
    assert.equal(loadSettings("staging", raw({ canaryPercent: 0 })).traffic.canaryPercent, 0);
    assert.equal(loadSettings("staging", raw({ canaryPercent: 100 })).traffic.canaryPercent, 100);
    assert.throws(
      () => loadSettings("staging", raw({ liveColor: "red" })),
      /ai-skills:traffic.liveColor = "red": must be "blue" or "green"/,
    );
  });
});
