import type { LoaderFunctionArgs } from "@remix-run/node";
import { load, requireUser } from "~/lib/api.server";

/**
 * /account/mijn-gegevens.json: everything Regiotafel keeps about the signed-in user, as one JSON
 * file (ADR 0024). Anonymous visitors go to the login page.
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const data = await load(context, request, () => context.api.account.myData());
  const day = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="regiotafel-mijn-gegevens-${day}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
