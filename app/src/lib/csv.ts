/** One column of a CSV export: its header and how a row fills it. */
export interface CsvColumn<R> {
  header: string;
  value: (row: R) => string | number | boolean | null | undefined;
}

/** Dutch Excel reads ";" as the separator; the byte order mark makes it read UTF-8. */
const SEPARATOR = ";";
const BOM = "\uFEFF";

/**
 * A text that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return at the
 * start) is prefixed with an apostrophe, so an exported cell can never execute (CSV injection).
 */
function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: string | number | boolean | null | undefined, decimalComma: boolean): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "number") text = decimalComma ? String(value).replace(".", ",") : String(value);
  else if (typeof value === "boolean") text = value ? "ja" : "nee";
  else text = neutralise(value);
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV file (RFC 4180 quoting, ";" separated, CRLF line ends) of `rows`. Numbers get a
 * decimal comma for the Dutch locale, so spreadsheets read them as numbers.
 */
export function toCsv<R>(columns: readonly CsvColumn<R>[], rows: readonly R[], options: { decimalComma?: boolean } = {}): string {
  const decimalComma = options.decimalComma ?? true;
  const lines = [columns.map((c) => cell(c.header, decimalComma)).join(SEPARATOR)];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row), decimalComma)).join(SEPARATOR));
  return BOM + lines.join("\r\n") + "\r\n";
}
