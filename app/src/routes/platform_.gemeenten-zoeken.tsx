import type { LoaderFunctionArgs } from "@remix-run/node";
import { describeError } from "@regiotafel/domain";
import { load, requireUser } from "~/lib/api.server";

// Search as you type over the organisation directory (ADR 0022), for the municipality picker
// of the workspace forms: GET /platform/gemeenten-zoeken?q=wee&soort=MUNICIPALITY answers JSON.
// Platform administrators and workspace creators (the procedure decides); anyone else 404.

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 100);
  const kind = url.searchParams.get("soort") ?? "";
  try {
    const hits = await load(context, request, () => context.api.directory.search({ query, kind: kind as "MUNICIPALITY", limit: 10 }));
    return Response.json({ hits }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof Response) && describeError(error, context.locale).code !== "INTERNAL_SERVER_ERROR") throw new Response("Niet gevonden", { status: 404 });
    throw error;
  }
}
