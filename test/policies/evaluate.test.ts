import { strict as assert } from "assert";
import { allPolicies } from "../../policies/all";
import { levelFor, loadPackConfig, parsePackConfig } from "../../policies/config";
import { evaluatePolicies, hasMandatoryViolation } from "../../policies/evaluate";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { messages, planned, run, unknown } from "./fixtures";

const db = "aws:rds/instance:Instance";

describe("policy pack module", () => {
  it("loads the policy list without constructing the pack (no policy server)", () => {
    const loaded = Object.keys(require.cache).filter((file) =>
      /policies[\\/]index\.ts$/.test(file),
    );
    assert.deepEqual(loaded, []);
    assert.ok(allPolicies.length >= 40, `only ${allPolicies.length} policies`);
  });

  it("gives every policy a unique name, a description and a level; none is named all", () => {
    const names = allPolicies.map((p) => p.name);
    assert.equal(new Set(names).size, names.length);
    for (const policy of allPolicies) {
      assert.match(policy.name, /^[a-z0-9-]+$/);
      assert.notEqual(policy.name, "all");
      assert.ok(policy.description.length > 10, policy.name);
      assert.equal(policy.enforcementLevel, "advisory", policy.name);
      assert.equal(policy.configSchema?.properties.enforcementLevel, undefined, policy.name);
    }
  });

  it("names only policies of the pack in the stack config files", () => {
    const names = new Set(allPolicies.map((p) => p.name));
    for (const stack of ["prod", "staging"]) {
      for (const key of Object.keys(loadPackConfig(stack)).filter((k) => k !== "all")) {
        assert.ok(names.has(key), `${stack}.json names unknown policy ${key}`);
      }
    }
  });
});

describe("enforcement levels from pack config", () => {
  const policy = { name: "rds-multi-az", enforcementLevel: "advisory" as const };

  it("defaults to the policy's own level", () => {
    assert.equal(levelFor(policy, {}), "advisory");
  });

  it("lets all override every policy, and a policy's entry override all", () => {
    assert.equal(levelFor(policy, { all: "mandatory" }), "mandatory");
    assert.equal(levelFor(policy, { all: "mandatory", "rds-multi-az": "disabled" }), "disabled");
    assert.equal(
      levelFor(policy, { all: "disabled", "rds-multi-az": { enforcementLevel: "advisory" } }),
      "advisory",
    );
  });

  it("reports at the configured level, and not at all when disabled", () => {
    const resources = [planned(db, { multiAz: false })];
    const only = allPolicies.filter((p) => p.name === "rds-multi-az");
    const level = (config: Record<string, unknown>) =>
      evaluatePolicies(resources, { stack: "t", config: config as never, policies: only }).map(
        (r) => r.enforcementLevel,
      );
    assert.deepEqual(level({}), ["advisory"]);
    assert.deepEqual(level({ all: "mandatory" }), ["mandatory"]);
    assert.deepEqual(level({ all: "mandatory", "rds-multi-az": "disabled" }), []);
    assert.deepEqual(level({ all: "remediate" }), ["mandatory"]);
  });

  it("passes a policy's parameters from config", () => {
    assert.deepEqual(
      messages(
        "rds-backup-retention",
        db,
        { backupRetentionPeriod: 7 },
        {
          "rds-backup-retention": { minimumDays: 30 },
        },
      ),
      ["backupRetentionPeriod is 7; keep at least 30 days."],
    );
  });

  it("runs prod mandatory with 30-day backups, and staging without the prod-only policies", () => {
    const prod = loadPackConfig("prod");
    const staging = loadPackConfig("staging");
    assert.equal(prod.all, "mandatory");
    assert.deepEqual(prod["rds-backup-retention"], { minimumDays: 30 });
    assert.equal(levelFor(policy, staging), "disabled");
    assert.equal(levelFor({ name: "rds-storage-encrypted" }, staging), "mandatory");
  });

  it("rejects an unknown level and a missing stack file, naming them", () => {
    assert.throws(
      () => parsePackConfig({ all: "strict" }, "x.json"),
      new RegExp(
        'x\\.json: `all` has enforcement level "strict"; ' +
          "use one of advisory, mandatory, remediate, disabled",
      ),
    );
    assert.throws(() => loadPackConfig("nope"), /no policy pack config for stack `nope`.*prod/);
  });

  it("fails the plan only on a mandatory result", () => {
    const advisory = run("rds-multi-az", [planned(db, { multiAz: false })], { all: "advisory" });
    assert.equal(hasMandatoryViolation(advisory), false);
    assert.equal(
      hasMandatoryViolation(run("rds-multi-az", [planned(db, { multiAz: false })])),
      true,
    );
  });
});

describe("unknown values during preview", () => {
  it("reports an unknown as advisory, as the policy runtime does, even in a mandatory pack", () => {
    const results = run("rds-not-publicly-accessible", [
      planned(db, { publiclyAccessible: unknown }),
    ]);
    assert.deepEqual(
      results.map((r) => [r.enforcementLevel, r.message]),
      [["advisory", "cannot verify publiclyAccessible: value unknown during preview"]],
    );
  });

  it("throws the runtime's own UnknownValueError, so pulumi preview shows an advisory note", () => {
    const policy = allPolicies.find((p) => p.name === "rds-not-publicly-accessible");
    const validate = (policy as { validateResource: (a: unknown, r: unknown) => void })
      .validateResource;
    assert.throws(
      () =>
        validate(
          {
            type: db,
            props: unknownCheckingProxy({ publiclyAccessible: unknown }),
            isType: () => true,
            asType: () => unknownCheckingProxy({ publiclyAccessible: unknown }),
            getConfig: () => ({}),
            notApplicable: () => undefined,
          },
          () => assert.fail("an unknown must not be reported as a violation"),
        ),
      (error: unknown) => error instanceof UnknownValueError,
    );
  });

  it("reports a checked property that is unknown, never passes it", () => {
    assert.deepEqual(messages("rds-not-publicly-accessible", db, { publiclyAccessible: unknown }), [
      "cannot verify publiclyAccessible: value unknown during preview",
    ]);
  });

  it("reports a JSON document with an unknown spliced in", () => {
    const task = "aws:ecs/taskDefinition:TaskDefinition";
    assert.deepEqual(
      messages("ecs-no-privileged-containers", task, { containerDefinitions: unknown }),
      ["cannot verify containerDefinitions: value unknown during preview"],
    );
    assert.deepEqual(
      messages("iam-no-wildcard-admin", "aws:iam/rolePolicy:RolePolicy", {
        policy: `{"Statement":[{"Resource":"${unknown}"}]}`,
      }),
      ["cannot verify policy: value unknown during preview"],
    );
  });

  it("reports nested unknowns with their path", () => {
    assert.deepEqual(
      messages("s3-versioning-enabled", "aws:s3/bucketVersioning:BucketVersioning", {
        versioningConfiguration: { status: unknown },
      }),
      ["cannot verify versioningConfiguration.status: value unknown during preview"],
    );
  });

  it("counts an unknown AUTH token as present: only its presence is checked", () => {
    assert.deepEqual(
      messages("elasticache-auth-token", "aws:elasticache/replicationGroup:ReplicationGroup", {
        authToken: unknown,
      }),
      [],
    );
  });

  it("reports a stack policy's unknown against the resource", () => {
    const results = run("stack-alarms-notify", [
      planned("aws:cloudwatch/metricAlarm:MetricAlarm", { alarmActions: unknown }, "cpu"),
    ]);
    assert.deepEqual(
      results.map((r) => [r.name, r.message]),
      [["cpu", "cannot verify alarmActions of cpu: value unknown during preview"]],
    );
  });

  it("unwraps secrets as the CLI does", () => {
    const secret = {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: false,
    };
    assert.deepEqual(messages("rds-storage-encrypted", db, { storageEncrypted: secret }), [
      "storageEncrypted is false; set it to true.",
    ]);
  });
});
