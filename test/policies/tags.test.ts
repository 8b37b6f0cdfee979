import { strict as assert } from "assert";
import { planned, run, unknown } from "./fixtures";

/** required-tags reads own tags, tagsAll and the provider's default tags together. */
describe("required-tags", () => {
  const tags = {
    environment: "prod",
    project: "ai-skills",
    owner: "platform",
    "cost-center": "cc",
  };
  const provider = (defaultTags: unknown) =>
    planned("pulumi:providers:aws", { region: "eu-west-1", defaultTags }, "aws");
  const key = (change: Record<string, unknown>) => planned("aws:kms/key:Key", change, "key");
  const messagesOf = (...resources: ReturnType<typeof planned>[]) =>
    run("required-tags", resources).map((r) => r.message);

  it("passes with all tags from the provider's defaultTags (a JSON string, as sent)", () => {
    assert.deepEqual(messagesOf(provider(JSON.stringify({ tags })), key({})), []);
  });

  it("passes with the tags on the resource itself", () => {
    assert.deepEqual(messagesOf(key({ tags })), []);
  });

  it("names the missing keys", () => {
    const partial: Record<string, string> = { ...tags };
    delete partial.owner;
    assert.deepEqual(messagesOf(provider({ tags: partial }), key({})), [
      "missing tag(s) owner; set them in the provider's defaultTags or in tags.",
    ]);
  });

  it("counts a key with an unknown value as present", () => {
    assert.deepEqual(messagesOf(key({ tags: { ...tags, owner: unknown } })), []);
  });

  it("cannot verify when tags are unknown and the defaults lack a key", () => {
    assert.deepEqual(messagesOf(key({ tags: unknown })), [
      "cannot verify tags: value unknown during preview",
    ]);
  });

  it("skips types outside the project's taggable list", () => {
    assert.deepEqual(messagesOf(planned("aws:s3/bucketPolicy:BucketPolicy", {}, "p")), []);
  });
});
