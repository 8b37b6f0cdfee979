import { formatSeconds, renderSection } from "../core/table";
import { TableComparison } from "./backup-restore";

interface VerifyReport {
  readonly status: string;
  readonly bucket: string;
  readonly key: string;
  readonly backupFinishedAt: string;
  readonly checksum: { expected: string; actual: string; ok: boolean };
  readonly scratchDatabase: string;
  readonly scratchDropped: boolean | null;
  readonly dropError?: string;
  readonly restore:
    | { status: "ok" | "failed"; durationMs: number; error?: string }
    | { status: "skipped"; reason: string };
  readonly tables: readonly TableComparison[];
}

/** The verification for people: what was checked, then expected vs restored rows per table. */
export function renderVerify(report: VerifyReport): string {
  const { checksum, restore } = report;
  const checksumLine = checksum.ok
    ? `ok (${checksum.actual})`
    : `MISMATCH: manifest ${checksum.expected}, downloaded ${checksum.actual}`;
  let restoreLine: string;
  if (restore.status === "skipped") restoreLine = `skipped: ${restore.reason}`;
  else {
    const took = formatSeconds(restore.durationMs / 1000);
    restoreLine = restore.status === "ok" ? `ok in ${took}` : `FAILED: ${restore.error ?? ""}`;
  }
  let dropLine = "not created";
  if (report.scratchDropped === true) dropLine = "dropped";
  if (report.scratchDropped === false) {
    dropLine = `NOT DROPPED (${report.dropError ?? ""}); drop it by hand`;
  }
  const mismatches = report.tables.filter((table) => !table.ok).length;
  const summary = [
    `Backup verification: ${report.status === "ok" ? "ok" : "FAILED"}`,
    `  backup     s3://${report.bucket}/${report.key} (finished ${report.backupFinishedAt})`,
    `  sha256     ${checksumLine}`,
    `  restore    ${restoreLine}`,
    `  scratch    ${report.scratchDatabase}: ${dropLine}`,
    `  tables     ${report.tables.length} compared, ${mismatches} mismatched`,
  ].join("\n");
  const tables = renderSection(
    "Rows per table: manifest vs restored",
    ["TABLE", "EXPECTED", "RESTORED", "STATUS"],
    report.tables.map((table) => [
      table.table,
      table.expected === null ? "-" : String(table.expected),
      table.restored === null ? "missing" : String(table.restored),
      table.ok ? "ok" : "MISMATCH",
    ]),
  );
  return `${summary}\n\n${tables}`;
}
