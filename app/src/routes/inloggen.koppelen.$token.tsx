import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { ErrorAlert } from "~/components/Feedback";
import { mutate, safeRedirect } from "~/lib/api.server";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// The link from the "confirm the link" mail (ADR 0035). Opening it changes nothing (mail
// scanners open links); the button does.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "link.confirmTitle") }, { name: "robots", content: "noindex" }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });

export async function loader({ context, params }: LoaderFunctionArgs) {
  const status = await mutate(context, () => context.api.auth.linkStatus({ token: params.token ?? "" }));
  return data({ link: status.ok ? status.data : null }, { status: status.ok ? 200 : 404 });
}

export async function action({ context, params }: ActionFunctionArgs) {
  const result = await mutate(context, () => context.api.auth.confirmLink({ token: params.token ?? "" }));
  if (!result.ok) return data({ error: result.error.message }, { status: result.error.httpStatus });
  throw redirect(safeRedirect(result.data.returnTo));
}

export default function ConfirmLink() {
  const t = useT();
  const { link } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!link) {
    return (
      <div className="rt-narrow rt-stack rt-stack--loose">
        <Heading level={1}>{t("link.confirmTitle")}</Heading>
        <Paragraph>{t("link.invalid")}</Paragraph>
        <Paragraph>
          <Link to="/login">{t("ssoReturn.again")}</Link>
        </Paragraph>
      </div>
    );
  }
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <Heading level={1}>{t("link.confirmTitle")}</Heading>
      <ErrorAlert>{result?.error ?? null}</ErrorAlert>
      <Paragraph>{t("link.confirmIntro", { organisation: link.organisation, email: link.email })}</Paragraph>
      <Form method="post">
        <Button type="submit" appearance="primary-action-button">
          {t("link.confirm")}
        </Button>
      </Form>
    </div>
  );
}
