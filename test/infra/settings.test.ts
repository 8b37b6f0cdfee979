import { strict as assert } from "node:assert";
import { defaultSettings } from "../../stacks/defaults";
import { loadSettings, sectionSchemas, SettingsError, type RawConfig } from "../../stacks/settings";

const base = (environment: string, extra: Record<string, unknown> = {}): RawConfig => ({
  "aws:region": "eu-west-1",
  "ai-skills:environment": environment,
  "ai-skills:owner": "platform-team",
  "ai-skills:costCenter": "ai-skills",
  ...extra,
});

/** The settings errors a raw config produces, formatted as the program prints them. */
function errorsOf(stack: string, raw: RawConfig): string[] {
  try {
    loadSettings(stack, raw);
  } catch (error) {
    assert.ok(error instanceof SettingsError, `expected a SettingsError, got ${String(error)}`);
    return error.message
      .split("\n")
      .slice(1)
      .map((line) => line.replace(/^ {2}- /, ""));
  }
  assert.fail("expected the settings to be rejected");
}

describe("stack settings", () => {
  describe("per-environment defaults", () => {
    it("prod gets multi-AZ, deletion protection, final snapshot, 30-day backups, failover", () => {
      const prod = loadSettings("prod", base("prod"));
      assert.equal(prod.database.multiAz, true);
      assert.equal(prod.database.deletionProtection, true);
      assert.equal(prod.database.skipFinalSnapshot, false);
      assert.equal(prod.database.finalSnapshotIdentifier, "ai-skills-prod-final");
      assert.equal(prod.database.backupRetentionDays, 30);
      assert.equal(prod.cache.automaticFailover, true);
      assert.equal(prod.cache.multiAz, true);
      assert.equal(prod.cache.nodes, 2);
    });

    it("staging is cheaper: single AZ, no protection, no final snapshot, 7-day backups", () => {
      const staging = loadSettings("staging", base("staging"));
      assert.equal(staging.database.multiAz, false);
      assert.equal(staging.database.deletionProtection, false);
      assert.equal(staging.database.skipFinalSnapshot, true);
      assert.equal(staging.database.finalSnapshotIdentifier, undefined);
      assert.equal(staging.database.backupRetentionDays, 7);
      assert.equal(staging.cache.automaticFailover, false);
      assert.equal(staging.cache.nodes, 1);
      assert.equal(staging.network.natGateways, "single");
    });

    it("names derive from the stack, so two stacks never collide", () => {
      const a = loadSettings("staging", base("staging"));
      const b = loadSettings("qa", base("staging"));
      assert.equal(a.database.identifier, "ai-skills-staging");
      assert.equal(b.database.identifier, "ai-skills-qa");
      assert.notEqual(a.cache.replicationGroupId, b.cache.replicationGroupId);
    });

    it("a stack file's value wins over the default, field by field", () => {
      const s = loadSettings(
        "prod",
        base("prod", { "ai-skills:database": { backupRetentionDays: 14 } }),
      );
      assert.equal(s.database.backupRetentionDays, 14);
      assert.equal(s.database.multiAz, true);
    });

    it("a deliberate 0 or false is kept, not replaced by the default", () => {
      const s = loadSettings(
        "staging",
        base("staging", {
          "ai-skills:database": { backupRetentionDays: 0 },
          "ai-skills:cache": { snapshotRetentionDays: 0 },
        }),
      );
      assert.equal(s.database.backupRetentionDays, 0);
      assert.equal(s.cache.snapshotRetentionDays, 0);
    });

    it("the defaults of both environments pass every rule", () => {
      for (const env of ["staging", "prod"] as const) {
        const defaults = defaultSettings(env, "x");
        assert.doesNotThrow(() => loadSettings("x", base(env)), `defaults of ${env}`);
        assert.equal(defaults.database.identifier, "ai-skills-x");
      }
    });
  });

  describe("invalid settings name the key, the value and the rule", () => {
    const cases: [string, string, Record<string, unknown>, string[]][] = [
      [
        "missing environment",
        "staging",
        { "ai-skills:environment": undefined },
        ['ai-skills:environment = (unset): must be "staging" or "prod"'],
      ],
      [
        "unknown environment",
        "staging",
        { "ai-skills:environment": "dev" },
        ['ai-skills:environment = "dev": must be "staging" or "prod"'],
      ],
      [
        "misspelt AWS provider key",
        "staging",
        { "aws:regoin": "eu-west-1" },
        [
          'aws:regoin = "eu-west-1": not a setting of the AWS provider (see @pulumi/aws/config); ' +
            "check the spelling",
        ],
      ],
      [
        "bad region",
        "staging",
        { "aws:region": "europe" },
        ['aws:region = "europe": must be an AWS region like eu-west-1'],
      ],
      [
        "unknown section",
        "staging",
        { "ai-skills:databse": { multiAz: true } },
        [
          'ai-skills:databse = {"multiAz":true}: unknown setting; known: environment, owner, ' +
            `costCenter, ${Object.keys(sectionSchemas).join(", ")}`,
        ],
      ],
      [
        "unknown field",
        "staging",
        { "ai-skills:database": { multiAZ: true } },
        [
          "ai-skills:database.multiAZ = true: unknown setting; check the spelling against " +
            "Pulumi.yaml",
        ],
      ],
      [
        "wrong type",
        "staging",
        { "ai-skills:database": { multiAz: "yes" } },
        ['ai-skills:database.multiAz = "yes": Invalid input: expected boolean, received string'],
      ],
      [
        "RDS identifier with an uppercase start",
        "staging",
        { "ai-skills:database": { identifier: "Db1" } },
        [
          'ai-skills:database.identifier = "Db1": an RDS identifier must start with a lowercase ' +
            "letter",
        ],
      ],
      [
        "RDS identifier with a double hyphen",
        "staging",
        { "ai-skills:database": { identifier: "db--1" } },
        [
          'ai-skills:database.identifier = "db--1": an RDS identifier must not contain two ' +
            "hyphens in a row",
        ],
      ],
      [
        "RDS identifier ending in a hyphen",
        "staging",
        { "ai-skills:database": { identifier: "db-" } },
        ['ai-skills:database.identifier = "db-": an RDS identifier must not end with a hyphen'],
      ],
      [
        "RDS identifier too long",
        "staging",
        { "ai-skills:database": { identifier: "a".repeat(64) } },
        [
          `ai-skills:database.identifier = "${"a".repeat(64)}": an RDS identifier must be 1-63 ` +
            `characters long`,
        ],
      ],
      [
        "backup retention over 35",
        "staging",
        { "ai-skills:database": { backupRetentionDays: 36 } },
        ["ai-skills:database.backupRetentionDays = 36: RDS keeps automated backups for 0-35 days"],
      ],
      [
        "prod backup retention under 7",
        "prod",
        { "ai-skills:database": { backupRetentionDays: 3 } },
        [
          "ai-skills:database.backupRetentionDays = 3: prod needs at least 7 days of automated " +
            "backups (0-35)",
        ],
      ],
      [
        "final snapshot without an identifier",
        "staging",
        {
          "ai-skills:database": { skipFinalSnapshot: false },
        },
        [
          "ai-skills:database.finalSnapshotIdentifier = (unset): required when " +
            "database.skipFinalSnapshot is false: name the final snapshot",
        ],
      ],
      [
        "a final snapshot identifier while skipping it",
        "staging",
        {
          "ai-skills:database": { finalSnapshotIdentifier: "x-final" },
        },
        [
          'ai-skills:database.finalSnapshotIdentifier = "x-final": must be unset when ' +
            "database.skipFinalSnapshot is true (no final snapshot is taken)",
        ],
      ],
      [
        "prod skipping its final snapshot",
        "prod",
        {
          "ai-skills:database": { skipFinalSnapshot: true, finalSnapshotIdentifier: undefined },
        },
        [
          "ai-skills:database.skipFinalSnapshot = true: prod must take a final snapshot on " +
            "deletion",
        ],
      ],
      [
        "password too short",
        "staging",
        { "ai-skills:database": { passwordLength: 7 } },
        ["ai-skills:database.passwordLength = 7: an RDS master password is 8-128 characters"],
      ],
      [
        "password too long",
        "staging",
        { "ai-skills:database": { passwordLength: 129 } },
        ["ai-skills:database.passwordLength = 129: an RDS master password is 8-128 characters"],
      ],
      [
        "Performance Insights retention not allowed",
        "staging",
        {
          "ai-skills:database": { performanceInsightsRetentionDays: 30 },
        },
        [
          "ai-skills:database.performanceInsightsRetentionDays = 30: Performance Insights keeps " +
            "data 7 days, 731 days, or 31 x N days (N = 1-23)",
        ],
      ],
      [
        "AUTH token too short",
        "staging",
        { "ai-skills:cache": { authTokenLength: 15 } },
        ["ai-skills:cache.authTokenLength = 15: an ElastiCache AUTH token is 16-128 characters"],
      ],
      [
        "AUTH token without in-transit encryption",
        "staging",
        {
          "ai-skills:cache": { transitEncryption: false },
        },
        [
          "ai-skills:cache.transitEncryption = false: the AUTH token is only accepted with " +
            "in-transit encryption on; set it to true",
        ],
      ],
      [
        "failover with one node",
        "staging",
        { "ai-skills:cache": { automaticFailover: true } },
        ["ai-skills:cache.nodes = 1: automatic failover needs at least 2 nodes (a replica)"],
      ],
      [
        "prod without failover",
        "prod",
        {
          "ai-skills:cache": { automaticFailover: false, multiAz: false },
        },
        ["ai-skills:cache.automaticFailover = false: prod needs automatic failover"],
      ],
      [
        "replication group id too long",
        "staging",
        {
          "ai-skills:cache": { replicationGroupId: "r".repeat(41) },
        },
        [
          `ai-skills:cache.replicationGroupId = "${"r".repeat(41)}": a replication group id must ` +
            "be 1-40 characters long",
        ],
      ],
      [
        "infrequent access before day 30",
        "staging",
        {
          "ai-skills:backup": { infrequentAccessAfterDays: 29, expireAfterDays: 100 },
        },
        [
          "ai-skills:backup.infrequentAccessAfterDays = 29: S3 moves nothing to STANDARD_IA " +
            "before day 30",
        ],
      ],
      [
        "archive before infrequent access",
        "staging",
        {
          "ai-skills:backup": {
            infrequentAccessAfterDays: 60,
            archiveAfterDays: 40,
            expireAfterDays: 100,
          },
        },
        [
          "ai-skills:backup.archiveAfterDays = 40: transitions must come in increasing order: " +
            "GLACIER_IR after day 60",
        ],
      ],
      [
        "archive within 30 days of infrequent access",
        "staging",
        {
          "ai-skills:backup": {
            infrequentAccessAfterDays: 30,
            archiveAfterDays: 45,
            expireAfterDays: 100,
          },
        },
        [
          "ai-skills:backup.archiveAfterDays = 45: S3 keeps objects 30 days in STANDARD_IA " +
            "before the next transition: GLACIER_IR must come at day 60 or later",
        ],
      ],
      [
        "expiration before the last transition",
        "prod",
        {
          "ai-skills:backup": { expireAfterDays: 90 },
        },
        [
          "ai-skills:backup.expireAfterDays = 90: expiration must come after the last transition " +
            "(day 90)",
        ],
      ],
      [
        "dump prefix with a leading slash",
        "staging",
        { "ai-skills:backup": { dumpPrefix: "/dumps/" } },
        [`ai-skills:backup.dumpPrefix = "/dumps/": an S3 key prefix must not start with '/'`],
      ],
      [
        "section that is not an object",
        "staging",
        { "ai-skills:cache": "big" },
        ['ai-skills:cache = "big": must be an object of settings'],
      ],
    ];

    for (const [title, env, extra, expected] of cases) {
      it(title, () => {
        assert.deepEqual(errorsOf(env === "prod" ? "prod" : "staging", base(env, extra)), expected);
      });
    }

    it("lists every broken setting at once, not only the first", () => {
      const errors = errorsOf(
        "prod",
        base("prod", {
          "ai-skills:database": { backupRetentionDays: 2, passwordLength: 200 },
          "ai-skills:cache": { authTokenLength: 8 },
        }),
      );
      assert.equal(errors.length, 3);
    });

    it("reports type errors and rule errors of other sections together", () => {
      const errors = errorsOf(
        "prod",
        base("prod", {
          "ai-skills:cache": { nodes: "two" },
          "ai-skills:database": { backupRetentionDays: 99 },
        }),
      );
      assert.deepEqual(errors, [
        'ai-skills:cache.nodes = "two": Invalid input: expected number, received string',
        "ai-skills:database.backupRetentionDays = 99: RDS keeps automated backups for 0-35 days",
      ]);
    });

    it("lets an offline [secret] placeholder pass format rules but not type rules", () => {
      const settings = loadSettings(
        "staging",
        base("staging", {
          "ai-skills:alarms": { subscriptions: [{ protocol: "https", endpoint: "[secret]" }] },
        }),
      );
      assert.equal(settings.alarms.subscriptions[0].endpoint, "[secret]");
      assert.deepEqual(
        errorsOf("staging", base("staging", { "ai-skills:cache": { nodes: "[secret]" } })),
        ['ai-skills:cache.nodes = "[secret]": Invalid input: expected number, received string'],
      );
    });

    it("says which stack the errors belong to", () => {
      assert.throws(
        () =>
          loadSettings("prod", base("prod", { "ai-skills:database": { backupRetentionDays: 1 } })),
        /^SettingsError: stack prod has 1 invalid setting\(s\):/,
      );
    });
  });
});
