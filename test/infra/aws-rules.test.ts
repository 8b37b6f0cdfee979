import { strict as assert } from "node:assert";
import { randomInt } from "node:crypto";
import {
  elasticacheTokenAlphabet,
  elasticacheTokenRule,
  lifecycleRule,
  rdsIdentifierRule,
  rdsPasswordAlphabet,
  rdsPasswordRule,
  type SecretAlphabet,
} from "../../stacks/aws-rules";
import { subnetCidrs } from "../../components/network-cidrs";

const lettersAndDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Every character a RandomPassword with this alphabet can produce. */
function generatorCharacters(alphabet: SecretAlphabet): string[] {
  return [...lettersAndDigits, ...alphabet.specials];
}

function draw(alphabet: SecretAlphabet, length: number): string {
  const chars = generatorCharacters(alphabet);
  return Array.from({ length }, () => chars[randomInt(chars.length)]).join("");
}

describe("AWS rules the provider types miss", () => {
  describe("RDS master password", () => {
    it("accepts every character the generator can draw", () => {
      for (const c of generatorCharacters(rdsPasswordAlphabet)) {
        assert.equal(rdsPasswordRule(c.repeat(8)), undefined, `character ${JSON.stringify(c)}`);
      }
    });

    it("the generator's specials never include / \" @ or space", () => {
      for (const forbidden of ["/", '"', "@", " "]) {
        assert.ok(!rdsPasswordAlphabet.specials.includes(forbidden), forbidden);
      }
    });

    it("accepts 200 random passwords of every length from the generator's bounds", () => {
      for (let i = 0; i < 200; i++) {
        const length = [8, 32, 128][i % 3];
        const password = draw(rdsPasswordAlphabet, length);
        assert.equal(rdsPasswordRule(password), undefined, `length ${length}`);
      }
    });

    it("rejects each forbidden character and out-of-range lengths", () => {
      for (const bad of ["abc/defgh", 'abc"defgh', "abc@defgh", "abc defgh"]) {
        assert.equal(
          rdsPasswordRule(bad),
          'an RDS master password must not contain "/", \'"\', "@" or a space',
        );
      }
      assert.equal(
        rdsPasswordRule("short"),
        "an RDS master password must be 8-128 characters long",
      );
      assert.equal(
        rdsPasswordRule("x".repeat(129)),
        "an RDS master password must be 8-128 characters long",
      );
      assert.equal(
        rdsPasswordRule("abcdefgh\u00e9"),
        "an RDS master password may hold only printable ASCII characters",
      );
    });
  });

  describe("ElastiCache AUTH token", () => {
    it("accepts every character the generator can draw", () => {
      for (const c of generatorCharacters(elasticacheTokenAlphabet)) {
        assert.equal(
          elasticacheTokenRule(c.repeat(16)),
          undefined,
          `character ${JSON.stringify(c)}`,
        );
      }
    });

    it("is a different alphabet from the database password's", () => {
      assert.notEqual(elasticacheTokenAlphabet.specials, rdsPasswordAlphabet.specials);
      // The RDS generator may draw characters ElastiCache refuses, e.g. % and *.
      assert.ok(elasticacheTokenRule("%".repeat(16)) !== undefined);
    });

    it("rejects characters outside letters, digits and ! & # $ ^ < > -", () => {
      for (const c of ["%", "*", "@", "/", " ", "_", "="]) {
        assert.equal(
          elasticacheTokenRule(`abcdefghijklmno${c}`),
          "an ElastiCache AUTH token may hold only letters, digits and ! & # $ ^ < > -",
          c,
        );
      }
      assert.equal(
        elasticacheTokenRule("a".repeat(15)),
        "an ElastiCache AUTH token must be 16-128 characters long",
      );
    });

    it("accepts 200 random tokens from the generator", () => {
      for (let i = 0; i < 200; i++) {
        assert.equal(
          elasticacheTokenRule(draw(elasticacheTokenAlphabet, 16 + (i % 113))),
          undefined,
        );
      }
    });
  });

  describe("identifiers and lifecycle", () => {
    it("accepts a well-formed RDS identifier", () => {
      assert.equal(rdsIdentifierRule("ai-skills-prod"), undefined);
      assert.equal(rdsIdentifierRule("a"), undefined);
    });

    it("accepts the prod tiering: IA at 30, archive at 90, expiry at 365", () => {
      const transitions = [
        { days: 30, storageClass: "STANDARD_IA" },
        { days: 90, storageClass: "GLACIER_IR" },
      ];
      assert.equal(lifecycleRule(transitions, 365), undefined);
    });

    it("lets an archive class come at day 0 (only IA classes have the 30-day floor)", () => {
      assert.equal(lifecycleRule([{ days: 0, storageClass: "GLACIER" }], 1), undefined);
    });
  });

  describe("subnet layout", () => {
    it("cuts a /16 into /20s: public from the start, private from the middle", () => {
      assert.deepEqual(subnetCidrs("10.10.0.0/16", 3), {
        public: ["10.10.0.0/20", "10.10.16.0/20", "10.10.32.0/20"],
        private: ["10.10.128.0/20", "10.10.144.0/20", "10.10.160.0/20"],
      });
    });

    it("refuses a CIDR with host bits set, naming the fix", () => {
      assert.throws(
        () => subnetCidrs("10.10.1.0/16", 2),
        /VPC CIDR 10.10.1.0\/16 has host bits set; did you mean its network address\?/,
      );
    });
  });
});
