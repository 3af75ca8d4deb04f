import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { mutate } from "~/lib/api.server";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// The unsubscribe link of a notification or digest mail (issue 21, point 7; ADR 0038), without
// signing in: the token names the user and the kind. Opening it changes nothing (mail scanners
// open links); the button does, and so does the one-click POST a mail client sends by itself
// (RFC 8058: body "List-Unsubscribe=One-Click", no cookies, no Origin; server/src/http.ts lets
// it through on this path only). An unknown token: 404, nothing changes.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.unsubscribe") }, { name: "robots", content: "noindex" }];

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });

export async function loader({ context, params }: LoaderFunctionArgs) {
  const result = await mutate(context, () => context.api.notificationPreferences.checkUnsubscribe({ token: params.token ?? "" }));
  if (!result.ok) return data({ state: "invalid" as const }, { status: 404 });
  return { state: "ready" as const, scope: result.data.scope };
}

export async function action({ context, params }: ActionFunctionArgs) {
  const result = await mutate(context, () => context.api.notificationPreferences.unsubscribe({ token: params.token ?? "" }));
  if (!result.ok) return data({ state: "invalid" as const }, { status: result.error.code === "NOT_FOUND" ? 404 : result.error.httpStatus });
  return { state: "done" as const, scope: result.data.scope };
}

export default function Unsubscribe() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const state = result?.state ?? loaded.state;
  if (state === "invalid" || loaded.state === "invalid") {
    return (
      <div className="rt-narrow rt-stack rt-stack--loose">
        <Heading level={1}>{t("unsubscribe.invalid.title")}</Heading>
        <Paragraph>{t("unsubscribe.invalid.body")}</Paragraph>
        <Paragraph>
          <Link to="/account/meldingen">{t("unsubscribe.preferences")}</Link>
        </Paragraph>
      </div>
    );
  }
  const what = t(`unsubscribe.what.${result?.state === "done" ? result.scope : loaded.scope}`);
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("app.tagline")}</p>
        <Heading level={1}>{t("unsubscribe.title")}</Heading>
      </header>
      <section className="rt-card rt-stack" aria-live="polite">
        {result?.state === "done" ? (
          <Paragraph role="status">{t("unsubscribe.done", { what })}</Paragraph>
        ) : (
          <>
            <Paragraph>{t("unsubscribe.intro", { what })}</Paragraph>
            <Form method="post">
              <input type="hidden" name="List-Unsubscribe" value="One-Click" />
              <Button type="submit" appearance="primary-action-button" busy={busy}>
                {busy ? t("unsubscribe.busy") : t("unsubscribe.submit", { what })}
              </Button>
            </Form>
          </>
        )}
        <Paragraph>
          <Link to="/account/meldingen">{t("unsubscribe.preferences")}</Link>
        </Paragraph>
      </section>
    </div>
  );
}
