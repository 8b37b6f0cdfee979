#!/usr/bin/env node
// Launcher of the `runbook` tool: runs scripts/cli.ts through ts-node (no type check at run time;
// `npm run typecheck` does that once).
const path = require("node:path");

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
require("ts-node").register({
  transpileOnly: true,
  project: path.join(__dirname, "..", "tsconfig.json"),
});
const { runCli, realDependencies } = require("../scripts/cli.ts");
const {
  installSignalHandlers,
  interruption,
  signalExitCode,
} = require("../scripts/core/interrupt.ts");

installSignalHandlers((text) => process.stderr.write(text));

// Exit once stdout has drained, so a long JSON report written to a pipe is not cut short.
runCli(process.argv.slice(2), realDependencies()).then(
  (code) => {
    const stopped = interruption.stoppedBy;
    const status = stopped === undefined ? code : signalExitCode(stopped);
    process.stdout.write("", () => process.exit(status));
  },
  (error) => {
    process.stderr.write(`runbook: unexpected failure: ${error.message}\n`);
    process.exit(1);
  },
);
