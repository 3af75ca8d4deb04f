import type { ActionFunctionArgs, HeadersFunction, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { accountOperations } from "@regiotafel/domain";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { submitForm } from "~/lib/submission.server";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// The link from the mail to a new address (ADR 0024). Opening it changes nothing (mail scanners
// open links); the button does. A used, expired or unknown link: one "no longer works" answer.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.confirmEmail") }, { name: "robots", content: "noindex" }];

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await submitForm(context, accountOperations.confirmEmailChange, form, { token: params.token ?? "" }, (input) => context.api.account.confirmEmailChange(input));
  if (!result.ok) {
    if (result.error.code === "NOT_FOUND" || result.error.code === "BAD_REQUEST") return data({ state: "invalid" as const }, { status: 404 });
    return data({ state: "refused" as const, message: result.error.message }, { status: result.error.httpStatus });
  }
  return { state: "done" as const, email: result.data.email, signedIn: context.user !== null };
}

export default function ConfirmEmail() {
  const t = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  if (result?.state === "invalid") {
    return (
      <div className="rt-narrow rt-stack rt-stack--loose">
        <Heading level={1}>{t("emailConfirm.invalid.title")}</Heading>
        <Paragraph>{t("emailConfirm.invalid.body")}</Paragraph>
      </div>
    );
  }
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("app.tagline")}</p>
        <Heading level={1}>{t("emailConfirm.title")}</Heading>
      </header>
      <section className="rt-card rt-stack">
        <StatusMessage>{result?.state === "done" ? t("emailConfirm.done", { email: result.email }) : null}</StatusMessage>
        <ErrorAlert>{result?.state === "refused" ? result.message : null}</ErrorAlert>
        {result?.state === "done" ? (
          <Paragraph>{result.signedIn ? <Link to="/account">{t("emailConfirm.account")}</Link> : <Link to="/login">{t("emailConfirm.login")}</Link>}</Paragraph>
        ) : (
          <>
            <Paragraph>{t("emailConfirm.intro")}</Paragraph>
            <Form method="post">
              <Button type="submit" appearance="primary-action-button" busy={busy}>
                {busy ? t("emailConfirm.busy") : t("emailConfirm.submit")}
              </Button>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}
