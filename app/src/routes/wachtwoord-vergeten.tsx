import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { accountOperations } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { keptValues } from "~/lib/edit-merge";
import { submitForm } from "~/lib/submission.server";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// "Wachtwoord vergeten?" (ADR 0024): the same answer for every address, known or not.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.forgotPassword") }];

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await submitForm(context, accountOperations.requestPasswordReset, form, {}, (input) => context.api.auth.requestPasswordReset(input));
  // Only a bad address or the throttle refuse; neither depends on whether the account exists.
  if (!result.ok) return data({ sent: false as const, error: result.error, reply: result.reply }, { status: result.error.httpStatus });
  return { sent: true as const, at: Date.now() };
}

const FIELDS = { email: "" };

export default function ForgotPassword() {
  const t = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const failed = result && !result.sent ? result : undefined;
  const [form, fields] = useRecordForm("forgot", failed?.reply, FIELDS);
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("app.tagline")}</p>
        <Heading level={1}>{t("forgot.title")}</Heading>
      </header>
      <section className="rt-card rt-stack">
        <StatusMessage focusKey={result?.sent ? result.at : undefined}>{result?.sent ? t("forgot.sent") : null}</StatusMessage>
        {!result?.sent && (
          <>
            <Paragraph>{t("forgot.intro")}</Paragraph>
            <ErrorAlert>{formMessage(form)}</ErrorAlert>
            <Form id={form.id} method="post" className="rt-stack" noValidate>
              <TextField {...conformField(fields.email)} type="email" label={t("forgot.email")} defaultValue={keptValues(form.initialValue, FIELDS).email} autoComplete="username" required />
              <div>
                <Button type="submit" appearance="primary-action-button" busy={busy}>
                  {busy ? t("forgot.busy") : t("forgot.submit")}
                </Button>
              </div>
            </Form>
          </>
        )}
        <Paragraph>
          <Link to="/login">{t("forgot.back")}</Link>
        </Paragraph>
      </section>
    </div>
  );
}
