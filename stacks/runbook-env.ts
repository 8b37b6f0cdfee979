/**
 * The environment a scheduled runbook task receives: part of the contract between what a stack
 * declares and what the runbook reads, like the outputs in `outputs.ts`.
 */

/** Stack outputs as JSON (no secrets in them). */
export const outputsEnvVar = "RUNBOOK_OUTPUTS_JSON";
/** The database master password, injected by ECS from Secrets Manager. */
export const databasePasswordEnvVar = "RUNBOOK_DATABASE_PASSWORD";
/** The Redis AUTH token, injected by ECS from Secrets Manager. */
export const redisAuthTokenEnvVar = "RUNBOOK_REDIS_AUTH_TOKEN";
