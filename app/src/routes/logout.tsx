import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

/** Signs out here and, after a sign-in through an organisation's provider, there too (RP-initiated logout, ADR 0035). */
export async function action({ context }: ActionFunctionArgs) {
  if (context.user) {
    const { providerLogout } = await context.api.auth.logout();
    if (providerLogout) throw redirect(providerLogout);
  }
  throw redirect("/login?uitgelogd=1");
}

export async function loader() {
  throw redirect("/");
}
