import { Command, Option } from "commander";
import { Client } from "pg";
import { CommandContext, CommandResult, CommandSpec } from "../core/command";
import { ExitCode } from "../core/exit-codes";
import { positiveDays } from "../core/options";
import { renderSection } from "../core/table";
import { tableExists, withDatabase } from "../adapters/database-session";

/** Activity window of the review, in days (the manual's monthly review). */
export const defaultActiveDays = 30;
/** Admins and keys idle longer than this many days are findings. */
export const defaultStaleDays = 90;

/** The app's tables the review reads. */
export const accessTables = ["users", "api_keys"] as const;

interface AccessReviewOptions {
  activeDays: number;
  staleDays: number;
}

export interface Finding {
  readonly kind: "admin-inactive" | "api-key-unused" | "api-key-never-used";
  readonly subject: string;
  /** Days since the last login or use; null when never. */
  readonly idleDays: number | null;
  readonly advice: string;
}

interface AccessFacts {
  readonly activeUsers: { username: string; role: string; lastLogin: string }[];
  readonly admins: { username: string; isActive: boolean; lastLogin: string | null }[];
  readonly keysUsed: { keyName: string; lastUsed: string }[];
  readonly findings: Finding[];
}

export const accessReviewCommand: CommandSpec = {
  name: "access-review",
  summary: "monthly: active users, admins, API keys in use, and stale admins or keys",
  examples: [
    "runbook access-review --outputs local/outputs.json",
    "runbook access-review --stack prod --stale-days 60 --json",
  ],

  configure(command: Command) {
    command
      .addOption(
        new Option("--active-days <days>", "window of recent activity")
          .argParser(positiveDays)
          .default(defaultActiveDays),
      )
      .addOption(
        new Option("--stale-days <days>", "admins and keys idle longer than this are findings")
          .argParser(positiveDays)
          .default(defaultStaleDays),
      );
  },

  async run(context: CommandContext, options: Record<string, unknown>): Promise<CommandResult> {
    const { activeDays, staleDays } = options as unknown as AccessReviewOptions;
    const databaseName = context.target.outputs.database.name;

    const outcome = await withDatabase(context, async (client) => {
      const missing: string[] = [];
      for (const table of accessTables) {
        if (!(await tableExists(client, table))) missing.push(table);
      }
      if (missing.length > 0) return { missing, facts: undefined };
      return { missing, facts: await gatherFacts(client, activeDays, staleDays) };
    });

    if (outcome.facts === undefined) {
      const message =
        `table ${outcome.missing.join(" and ")} not found in database ${databaseName}; ` +
        "point the runbook at the app's database (database.name in the outputs) " +
        "or run the app's migrations";
      return {
        exitCode: ExitCode.badInput,
        report: { status: "tables-missing", missingTables: outcome.missing, message },
        human: `access-review cannot run: ${message}`,
      };
    }
    const { facts } = outcome;
    const clean = facts.findings.length === 0;
    return {
      exitCode: clean ? ExitCode.ok : ExitCode.checkFailed,
      report: { status: clean ? "ok" : "findings", activeDays, staleDays, ...facts },
      human: renderAccess(facts, activeDays, staleDays),
    };
  },
};

async function gatherFacts(client: Client, activeDays: number, staleDays: number) {
  const active = await client.query<{ username: string; role: string; last_login: Date }>(
    `SELECT username, role, last_login FROM users
      WHERE is_active AND last_login >= now() - make_interval(days => $1)
      ORDER BY last_login DESC, username`,
    [activeDays],
  );
  const admins = await client.query<{
    username: string;
    is_active: boolean;
    last_login: Date | null;
    idle_days: number | null;
  }>(
    `SELECT username, is_active, last_login,
            floor(EXTRACT(EPOCH FROM now() - last_login) / 86400)::int AS idle_days
       FROM users WHERE role = 'admin' ORDER BY username`,
  );
  const keys = await client.query<{
    key_name: string;
    last_used: Date | null;
    idle_days: number | null;
  }>(
    `SELECT key_name, last_used,
            floor(EXTRACT(EPOCH FROM now() - last_used) / 86400)::int AS idle_days
       FROM api_keys ORDER BY key_name`,
  );

  const findings: Finding[] = [];
  for (const admin of admins.rows) {
    if (!admin.is_active) continue;
    if (admin.idle_days === null || admin.idle_days > staleDays) {
      findings.push({
        kind: "admin-inactive",
        subject: admin.username,
        idleDays: admin.idle_days,
        advice:
          admin.idle_days === null
            ? "admin has never logged in: revoke admin or deactivate"
            : `admin has not logged in for over ${staleDays} days: revoke admin or deactivate`,
      });
    }
  }
  for (const key of keys.rows) {
    if (key.idle_days === null) {
      findings.push({
        kind: "api-key-never-used",
        subject: key.key_name,
        idleDays: null,
        advice: "key was never used: confirm its owner or revoke it",
      });
    } else if (key.idle_days > staleDays) {
      findings.push({
        kind: "api-key-unused",
        subject: key.key_name,
        idleDays: key.idle_days,
        advice: `key unused for over ${staleDays} days: revoke it`,
      });
    }
  }
  const facts: AccessFacts = {
    activeUsers: active.rows.map((row) => ({
      username: row.username,
      role: row.role,
      lastLogin: row.last_login.toISOString(),
    })),
    admins: admins.rows.map((row) => ({
      username: row.username,
      isActive: row.is_active,
      lastLogin: row.last_login === null ? null : row.last_login.toISOString(),
    })),
    keysUsed: keys.rows
      .filter((row) => row.idle_days !== null && row.idle_days < activeDays)
      .map((row) => ({ keyName: row.key_name, lastUsed: (row.last_used as Date).toISOString() })),
    findings,
  };
  return facts;
}

function renderAccess(facts: AccessFacts, activeDays: number, staleDays: number): string {
  const day = (iso: string | null) => (iso === null ? "never" : iso.slice(0, 10));
  return [
    renderSection(
      `Users active in the last ${activeDays} days (${facts.activeUsers.length})`,
      ["USER", "ROLE", "LAST LOGIN"],
      facts.activeUsers.map((user) => [user.username, user.role, day(user.lastLogin)]),
    ),
    renderSection(
      `Admins (${facts.admins.length})`,
      ["USER", "ACTIVE", "LAST LOGIN"],
      facts.admins.map((admin) => [
        admin.username,
        admin.isActive ? "yes" : "no",
        day(admin.lastLogin),
      ]),
    ),
    renderSection(
      `API keys used in the last ${activeDays} days (${facts.keysUsed.length})`,
      ["KEY", "LAST USED"],
      facts.keysUsed.map((key) => [key.keyName, day(key.lastUsed)]),
    ),
    renderSection(
      `Findings (idle over ${staleDays} days or never used): ${facts.findings.length}`,
      ["KIND", "SUBJECT", "IDLE DAYS", "ADVICE"],
      facts.findings.map((finding) => [
        finding.kind,
        finding.subject,
        finding.idleDays === null ? "never" : String(finding.idleDays),
        finding.advice,
      ]),
    ),
  ].join("\n\n");
}
