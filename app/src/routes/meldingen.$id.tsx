import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { idSchema } from "@regiotafel/domain";
import { load, requireUser, safeRedirect } from "~/lib/api.server";

// Opening a notification: marks it read and goes to the exact place it is about (a thread is
// highlighted there by its ?discussie=). Someone else's or an unknown id goes to the centre.

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw new Response("Niet gevonden", { status: 404 });
  const opened = await load(context, request, () => context.api.inbox.open({ id: id.data }));
  return redirect(safeRedirect(opened.path, "/meldingen"));
}
