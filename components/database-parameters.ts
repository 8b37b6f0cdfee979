/** One RDS DB parameter, as aws.rds.ParameterGroup takes it. */
export interface DbParameter {
  readonly name: string;
  readonly value: string;
  /** `pending-reboot` for static parameters, which RDS applies only at the next reboot. */
  readonly applyMethod: "immediate" | "pending-reboot";
}

/** The extension every stack preloads: `perf-review` reads it. */
export const requiredPreloadLibrary = "pg_stat_statements";

/**
 * The libraries to preload: pg_stat_statements first, then the extra ones in order, without
 * duplicates. Whatever the settings add, pg_stat_statements stays.
 */
export function preloadLibraries(extra: readonly string[]): string[] {
  return [...new Set([requiredPreloadLibrary, ...extra])];
}

/** PostgreSQL parameter group family for an engine version: `16.4` -> `postgres16`. */
export function parameterGroupFamily(engineVersion: string): string {
  const major = engineVersion.split(".")[0];
  return `postgres${major}`;
}

/**
 * The database's parameters. `shared_preload_libraries` is static, so it is applied at reboot;
 * the logging parameters are dynamic and apply at once.
 */
export function databaseParameters(args: {
  readonly extraPreloadLibraries: readonly string[];
  readonly slowStatementMs: number;
}): DbParameter[] {
  return [
    {
      name: "shared_preload_libraries",
      value: preloadLibraries(args.extraPreloadLibraries).join(","),
      applyMethod: "pending-reboot",
    },
    { name: "pg_stat_statements.track", value: "top", applyMethod: "immediate" },
    {
      name: "log_min_duration_statement",
      value: String(args.slowStatementMs),
      applyMethod: "immediate",
    },
    { name: "log_lock_waits", value: "1", applyMethod: "immediate" },
    { name: "log_temp_files", value: "0", applyMethod: "immediate" },
    { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
  ];
}
