// CSV beside the JSON, in the conventions of the app's table downloads (app/src/lib/csv.ts,
// ADR 0008): ";" separated, RFC 4180 quoting, CRLF, a byte order mark, decimal comma, and a
// cell a spreadsheet would run as a formula prefixed with an apostrophe. Packages cannot import
// the app, so the few lines live here too; nested values (JSON fields) are written as JSON.

export const CSV_BOM = "\uFEFF";

function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "number") text = String(value).replace(".", ",");
  else if (typeof value === "boolean") text = value ? "ja" : "nee";
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === "object") text = neutralise(JSON.stringify(value));
  else text = neutralise(String(value));
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(columns: readonly string[]): string {
  return CSV_BOM + columns.map(cell).join(";") + "\r\n";
}

export function csvLine(columns: readonly string[], row: Record<string, unknown>): string {
  return columns.map((c) => cell(row[c])).join(";") + "\r\n";
}
