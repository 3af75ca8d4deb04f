import { describe, expect, it } from "vitest";
import { toCsv, type CsvColumn } from "./csv";

interface Row {
  name: string;
  fte: number | null;
  hired: boolean;
}
const columns: CsvColumn<Row>[] = [
  { header: "Functie", value: (r) => r.name },
  { header: "Fte", value: (r) => r.fte },
  { header: "Ingehuurd", value: (r) => r.hired },
];

describe("toCsv", () => {
  it("writes a header and one line per row, ; separated, with a BOM and CRLF", () => {
    const csv = toCsv(columns, [{ name: "Inkoopadviseur", fte: 0.56, hired: false }]);
    expect(csv).toBe("\uFEFFFunctie;Fte;Ingehuurd\r\nInkoopadviseur;0,56;nee\r\n");
  });

  it("quotes separators, quotes and line breaks", () => {
    const csv = toCsv(columns, [{ name: 'Contractmanager; "senior"\nregio', fte: null, hired: true }]);
    expect(csv.split("\r\n")[1]).toBe('"Contractmanager; ""senior""\nregio";;ja');
  });

  it("neutralises cells a spreadsheet would run as a formula", () => {
    const csv = toCsv(columns, [{ name: "=HYPERLINK(\"http://x\")", fte: -1, hired: false }]);
    expect(csv.split("\r\n")[1]).toBe(`"'=HYPERLINK(""http://x"")";-1;nee`);
  });

  it("keeps a decimal point when asked", () => {
    expect(toCsv(columns, [{ name: "a", fte: 5.89, hired: false }], { decimalComma: false })).toContain("a;5.89;nee");
  });
});
