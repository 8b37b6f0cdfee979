import { strict as assert } from "node:assert";
import {
  cacheMemberIds,
  rdsConnectionsThreshold,
  rdsDefaultMaxConnections,
  rdsFreeStorageThresholdBytes,
  rdsInstanceMemoryGiB,
} from "../../components/alarm-thresholds";

describe("alarm thresholds", () => {
  it("knows the memory of the RDS classes the stacks use, and says when it does not", () => {
    assert.equal(rdsInstanceMemoryGiB("db.t4g.medium"), 4);
    assert.equal(rdsInstanceMemoryGiB("db.t4g.micro"), 1);
    assert.equal(rdsInstanceMemoryGiB("db.r6g.large"), 16);
    assert.equal(rdsInstanceMemoryGiB("db.r6g.2xlarge"), 64);
    assert.equal(rdsInstanceMemoryGiB("db.m7g.xlarge"), 16);
    assert.equal(rdsInstanceMemoryGiB("db.x2g.large"), undefined);
    assert.equal(rdsInstanceMemoryGiB("db.r6g.micro"), undefined);
  });

  it("derives max_connections as LEAST(memory / 9531392, 5000)", () => {
    assert.equal(rdsDefaultMaxConnections(4), 450);
    assert.equal(rdsDefaultMaxConnections(16), 1802);
    assert.equal(rdsDefaultMaxConnections(64), 5000);
    assert.equal(rdsConnectionsThreshold(1802, 90), 1621);
  });

  it("turns percentages into bytes and names Redis member clusters", () => {
    assert.equal(rdsFreeStorageThresholdBytes(100, 10), 10 * 1024 ** 3);
    assert.deepEqual(cacheMemberIds("ai-skills-prod", 2), [
      "ai-skills-prod-001",
      "ai-skills-prod-002",
    ]);
  });
});
