import { Client } from "pg";

/** The app's tables that `access-review` reads, as the app creates them. */
export const appSchemaSql = `
CREATE TABLE IF NOT EXISTS users (
  id serial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  last_login timestamptz,
  is_active boolean NOT NULL DEFAULT true,
  role text NOT NULL DEFAULT 'user',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS api_keys (
  id serial PRIMARY KEY,
  key_name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used timestamptz
);`;

/** Sample rows, ages in days before now (null: never). Each finding of access-review occurs. */
export const sampleUsers = [
  { username: "alice", role: "admin", isActive: true, lastLoginDaysAgo: 2 },
  { username: "bob", role: "admin", isActive: true, lastLoginDaysAgo: 120 },
  { username: "carol", role: "user", isActive: true, lastLoginDaysAgo: 10 },
  { username: "dave", role: "user", isActive: true, lastLoginDaysAgo: 45 },
  { username: "erin", role: "user", isActive: false, lastLoginDaysAgo: 5 },
  { username: "frank", role: "admin", isActive: true, lastLoginDaysAgo: null },
] as const;

export const sampleApiKeys = [
  { keyName: "ci-deploy", lastUsedDaysAgo: 1 },
  { keyName: "reporting", lastUsedDaysAgo: 20 },
  { keyName: "old-integration", lastUsedDaysAgo: 200 },
  { keyName: "never-used", lastUsedDaysAgo: null },
] as const;

/** Creates the tables and replaces their rows with the samples. */
export async function prepareAppSchema(client: Client): Promise<void> {
  await client.query(appSchemaSql);
  await client.query("TRUNCATE users, api_keys RESTART IDENTITY");
  for (const user of sampleUsers) {
    await client.query(
      `INSERT INTO users (username, role, is_active, last_login, created_at)
       VALUES ($1, $2, $3, now() - make_interval(days => $4::int), now() - interval '400 days')`,
      [user.username, user.role, user.isActive, user.lastLoginDaysAgo],
    );
  }
  for (const key of sampleApiKeys) {
    await client.query(
      `INSERT INTO api_keys (key_name, last_used, created_at)
       VALUES ($1, now() - make_interval(days => $2::int), now() - interval '300 days')`,
      [key.keyName, key.lastUsedDaysAgo],
    );
  }
}

/** Creates the database on the server if it is missing (connects to `postgres` for that). */
export async function ensureDatabase(
  connection: { host: string; port: number; user: string },
  name: string,
): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new Error(`database name ${name} is not a plain identifier; use e.g. ai_skills`);
  }
  const admin = new Client({ ...connection, database: "postgres" });
  await admin.connect();
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}
