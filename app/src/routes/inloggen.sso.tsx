import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { ErrorAlert } from "~/components/Feedback";
import { mutate, safeRedirect } from "~/lib/api.server";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// Where an organisation's identity provider sends the browser back (the redirect URI registered
// there: PUBLIC_URL/inloggen/sso, ADR 0035). A refusal is a page with its reason, never a 500.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "ssoReturn.title") }, { name: "robots", content: "noindex" }];

/** The URL carries the provider's code and state: never cached, never sent on as a referrer. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });

export async function loader({ context, request }: LoaderFunctionArgs) {
  const result = await mutate(context, () => context.api.auth.completeSso({ callbackUrl: request.url }));
  if (!result.ok) return data({ message: result.error.message }, { status: result.error.httpStatus });
  if (result.data.kind === "linkRequired") throw redirect(`/inloggen/koppelen?token=${encodeURIComponent(result.data.token)}`);
  throw redirect(safeRedirect(result.data.returnTo));
}

export default function SsoReturn() {
  const t = useT();
  const { message } = useLoaderData<typeof loader>();
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <Heading level={1}>{t("ssoReturn.title")}</Heading>
      <ErrorAlert>{message || t("ssoReturn.failed")}</ErrorAlert>
      <Paragraph>
        <Link to="/login">{t("ssoReturn.again")}</Link>
      </Paragraph>
    </div>
  );
}
