import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export async function action({ context }: ActionFunctionArgs) {
  if (context.user) await context.api.auth.logout();
  throw redirect("/login?uitgelogd=1");
}

export async function loader() {
  throw redirect("/");
}
