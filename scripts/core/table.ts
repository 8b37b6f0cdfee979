/** A plain-text table for people: a header row, then one row per item, columns padded. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]) {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

/** A titled section: the title, then the table, or a note when there are no rows. */
export function renderSection(
  title: string,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  emptyNote = "(none)",
): string {
  const body = rows.length === 0 ? `  ${emptyNote}` : renderTable(headers, rows);
  return `${title}\n${body}`;
}

/** Bytes in the units people read: 1536 → "1.5 kB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A duration in seconds as people read it: 75 → "1m 15s". */
export function formatSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours}h ${minutes}m ${rest}s`;
  if (minutes > 0) return `${minutes}m ${rest}s`;
  return `${rest}s`;
}
