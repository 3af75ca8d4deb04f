import type { LoaderFunctionArgs } from "@remix-run/node";
import { load, requireUser } from "~/lib/api.server";
import { exportCsv } from "~/lib/exports.server";

/**
 * Downloads of a workspace's records: `ocds.json` (the tenders as an OCDS 1.1.5 release
 * package with the Lots extension) and `<table>.csv` for every table view. Members only;
 * anything else answers 404.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  const workspace = params.workspace ?? "";
  const file = params.file ?? "";
  if (file === "ocds.json") {
    const release = await load(context, request, () => context.api.export.ocds({ workspace }));
    return new Response(JSON.stringify(release, null, 2), {
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  const csv = /^([a-z-]+)\.csv$/.exec(file);
  if (!csv) throw new Response("Niet gevonden", { status: 404 });
  const body = await load(context, request, () => exportCsv(context, workspace, csv[1]!, new URL(request.url).searchParams));
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${workspace}-${csv[1]}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
