import { useT } from "~/i18n/use-t";

/**
 * A link to download a table view as CSV: `/w/<workspace>/export/<table>.csv`, with the view's
 * filters as query parameters so the file holds what the table shows.
 */
export function CsvLink({ workspace, table, query }: { workspace: string; table: string; query?: URLSearchParams | Record<string, string> }) {
  const t = useT();
  const search = new URLSearchParams(query).toString();
  return (
    <a className="utrecht-link rt-export-link" href={`/w/${workspace}/export/${table}.csv${search ? `?${search}` : ""}`} download title={t("export.csvHint")}>
      {t("export.csv")}
    </a>
  );
}
