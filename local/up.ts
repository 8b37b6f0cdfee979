import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import { stackOutputsSchema } from "../stacks/outputs";
import { AppMode, appModes, startStandInApp } from "./app";
import { ensureDatabase, prepareAppSchema } from "./app-schema";
import { startLocalS3OnPreferredPort } from "./s3";

/**
 * `npm run local:up [-- --mode healthy|failing|hung]`: prepares the local database named in
 * local/outputs.json (tables and sample rows), starts an S3 stand-in (s3rver) with the backup
 * bucket, and serves the stand-in app until stopped.
 */
async function main(): Promise<void> {
  const modeIndex = process.argv.indexOf("--mode");
  const mode = (modeIndex === -1 ? "healthy" : process.argv[modeIndex + 1]) as AppMode;
  if (!appModes.includes(mode)) {
    throw new Error(`--mode ${mode} is not one of ${appModes.join(", ")}`);
  }
  const outputsPath = join(__dirname, "outputs.json");
  const outputs = stackOutputsSchema.parse(JSON.parse(readFileSync(outputsPath, "utf8")));
  const { host, port, username: user, name } = outputs.database;

  await ensureDatabase({ host, port, user }, name);
  const client = new Client({ host, port, user, database: name });
  await client.connect();
  await prepareAppSchema(client);
  await client.end();
  console.error(`database ${name} on ${host}:${port} ready (users, api_keys with sample rows)`);

  const s3 = await startLocalS3OnPreferredPort([outputs.backup.bucket]);
  console.error(
    `S3 stand-in on ${s3.endpoint} (files in ${s3.directory}), bucket ${outputs.backup.bucket}; ` +
      `for backups: export RUNBOOK_S3_ENDPOINT=${s3.endpoint}`,
  );

  const appUrl = new URL(outputs.appUrl);
  const app = await startStandInApp({
    host: appUrl.hostname,
    port: Number(appUrl.port),
    mode,
    sampleRequests: 1000,
  });
  console.error(
    `stand-in app (${mode}) on ${app.url}; try: npx runbook health --outputs ${outputsPath}`,
  );
  const stop = () => void Promise.all([app.close(), s3.close()]).then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: Error) => {
  console.error(`local:up failed: ${error.message}`);
  process.exit(1);
});
