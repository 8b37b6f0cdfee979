import { strict as assert } from "node:assert";
import { maxStepSeconds, positiveSeconds } from "../../scripts/core/options";

describe("runbook option parsing", () => {
  it("accepts a step limit from a fraction of a second to an hour", () => {
    assert.equal(positiveSeconds("0.5"), 0.5);
    assert.equal(positiveSeconds(String(maxStepSeconds)), 3600);
  });

  it("refuses a step limit over an hour, saying what is allowed", () => {
    assert.throws(() => positiveSeconds("100000"), {
      message: "expected at most 3600 seconds (one hour) per step, got 100000",
    });
  });

  it("refuses zero, negatives and words", () => {
    for (const bad of ["0", "-1", "soon", ""]) {
      assert.throws(() => positiveSeconds(bad), {
        message: "expected a positive number of seconds, e.g. 5 or 0.5",
      });
    }
  });
});
