import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { accountOperations, PASSWORD_MIN_LENGTH } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { load } from "~/lib/api.server";
import { submitForm } from "~/lib/submission.server";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// The link from the reset mail (ADR 0024): a new password under the usual rules. A used, expired
// or unknown link shows one and the same "no longer works" page (404), whatever the reason.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.resetPassword") }, { name: "robots", content: "noindex" }];

/** The page carries the token in its URL: never kept by a cache, never sent on as a referrer. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { valid } = await load(context, request, () => context.api.auth.checkPasswordReset({ token: params.token ?? "" }));
  return data({ valid }, { status: valid ? 200 : 404 });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await submitForm(context, accountOperations.resetPassword, form, { token: params.token ?? "" }, (input) => context.api.auth.resetPassword(input));
  if (!result.ok) {
    if (result.error.code === "NOT_FOUND") return data({ valid: false as const }, { status: 404 });
    // The reply never carries the passwords (the contract's secret fields).
    return data({ valid: true as const, error: result.error, reply: result.reply }, { status: result.error.httpStatus });
  }
  throw redirect("/login?wachtwoord=gewijzigd");
}

const FIELDS = { password: "", confirm: "" };

export default function ResetPassword() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useRecordForm("reset", result && "reply" in result ? result.reply : undefined, FIELDS);
  if (!loaded.valid || result?.valid === false) {
    return (
      <div className="rt-narrow rt-stack rt-stack--loose">
        <Heading level={1}>{t("reset.invalid.title")}</Heading>
        <Paragraph>{t("reset.invalid.body")}</Paragraph>
        <Paragraph>
          <Link to="/wachtwoord-vergeten">{t("reset.invalid.again")}</Link>
        </Paragraph>
      </div>
    );
  }
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("app.tagline")}</p>
        <Heading level={1}>{t("reset.title")}</Heading>
      </header>
      <section className="rt-card rt-stack">
        <Paragraph>{t("reset.intro")}</Paragraph>
        <ErrorAlert>{formMessage(form)}</ErrorAlert>
        <Form id={form.id} method="post" className="rt-stack" noValidate>
          <TextField
            {...conformField(fields.password)}
            type="password"
            label={t("reset.password")}
            description={t("reset.passwordHint", { min: PASSWORD_MIN_LENGTH })}
            autoComplete="new-password"
            required
          />
          <TextField {...conformField(fields.confirm)} type="password" label={t("reset.confirm")} autoComplete="new-password" required />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={busy}>
              {busy ? t("reset.busy") : t("reset.submit")}
            </Button>
          </div>
        </Form>
      </section>
    </div>
  );
}
