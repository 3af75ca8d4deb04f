import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLocale } from "@regiotafel/domain";
import { safeRedirect } from "~/lib/api.server";

/** The language switch: remembers the choice for a year. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const headers = new Headers();
  if (isLocale(locale)) {
    headers.append("Set-Cookie", `regiotafel_lang=${locale}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly`);
  }
  throw redirect(safeRedirect(form.get("redirectTo")), { headers });
}

export async function loader() {
  throw redirect("/");
}
