import { strict as assert } from "node:assert";
import { commands } from "../../scripts/cli";
import { runbookCommands } from "../../stacks/runbook-commands";

describe("runbook command registry", () => {
  it("lists exactly the commands the CLI registers", () => {
    assert.deepEqual(commands.map((c) => c.name).sort(), [...runbookCommands].sort());
  });
});
