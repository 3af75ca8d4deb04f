import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { safeRedirect } from "~/lib/api.server";
import { keptValues } from "~/lib/edit-merge";
import { formText, type FormReply } from "~/lib/forms";
import { submitForm } from "~/lib/submission.server";
import { accountOperations, secondFactorOperations } from "@regiotafel/domain";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.login") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return { demo: context.demo === true };
}

type Method = "code" | "recovery";
/** The second step of a sign-in (issue 20): the pending sign-in's token travels in the form. */
const secondStep = (pendingToken: string, method: Method, reply?: FormReply) => ({ step: "secondFactor" as const, pendingToken, method, reply, message: null });

/** The password step again: the form's own reply, or a message above it (a second step that expired). */
const passwordStep = (reply: FormReply | undefined, message: string | null) => ({ step: "password" as const, reply, message });

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = formText(form, "intent");
  const pendingToken = formText(form, "pendingToken");
  if (intent === "switch") return secondStep(pendingToken, formText(form, "method") === "recovery" ? "recovery" : "code");
  if (intent === "code" || intent === "recovery") {
    const result =
      intent === "code"
        ? await submitForm(context, secondFactorOperations.verifySecondFactor, form, {}, (input) => context.api.auth.verifySecondFactor(input))
        : await submitForm(context, secondFactorOperations.useRecoveryCode, form, {}, (input) => context.api.auth.useRecoveryCode(input));
    if (result.ok) throw redirect(safeRedirect(form.get("redirectTo")));
    // Expired or used: back to the password, with the reason above the form.
    if (result.error.messageKey === "secondFactor.expired") return data(passwordStep(undefined, result.error.message), { status: result.error.httpStatus });
    return data(secondStep(pendingToken, intent, result.reply), { status: result.error.httpStatus });
  }
  const result = await submitForm(context, accountOperations.login, form, {}, (input) => context.api.auth.login(input));
  // The reply keeps the address, never the password (the contract's secret field).
  if (!result.ok) return data(passwordStep(result.reply, null), { status: result.error.httpStatus });
  if (result.data.pendingToken) return secondStep(result.data.pendingToken, "code");
  // The session cookie was set on the response by the procedure.
  throw redirect(safeRedirect(form.get("redirectTo")));
}

const SIGN_IN = { email: "", password: "" };
const CODE = { code: "" };
const RECOVERY = { recoveryCode: "" };

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const { demo } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const second = result?.step === "secondFactor" ? result : undefined;
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("app.tagline")}</p>
        <Heading level={1}>{second ? t("login.secondFactor.title") : t("login.title")}</Heading>
      </header>
      {second ? (
        <SecondStep
          key={`${second.method}-${second.pendingToken}`}
          pendingToken={second.pendingToken}
          method={second.method}
          reply={second.reply}
          redirectTo={params.get("redirectTo") ?? "/"}
        />
      ) : (
        <PasswordStep reply={result?.reply} message={result?.message ?? null} />
      )}
      {demo && !second && <Paragraph className="rt-muted rt-small">{t("login.demo")}</Paragraph>}
    </div>
  );
}

function PasswordStep({ reply, message }: { reply: FormReply | undefined; message: string | null }) {
  const t = useT();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state !== "idle" && navigation.formAction?.startsWith("/login") === true;
  const [form, fields] = useRecordForm("login", reply, SIGN_IN);
  return (
    <>
      <StatusMessage>{reply || message ? null : params.has("uitgelogd") ? t("login.loggedOut") : params.has("wachtwoord") ? t("login.passwordReset") : null}</StatusMessage>
      <section className="rt-card rt-stack">
        <Paragraph>{t("login.intro")}</Paragraph>
        <ErrorAlert>{message ?? formMessage(form)}</ErrorAlert>
        <Form id={form.id} method="post" className="rt-stack" noValidate>
          {/* Checked by safeRedirect in the action. */}
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <TextField {...conformField(fields.email)} type="email" label={t("login.email")} defaultValue={keptValues(form.initialValue, SIGN_IN).email} autoComplete="username" required />
          <TextField {...conformField(fields.password)} type="password" label={t("login.password")} autoComplete="current-password" required />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={busy}>
              {busy ? t("login.busy") : t("login.submit")}
            </Button>
          </div>
        </Form>
        <Paragraph>
          <Link to="/wachtwoord-vergeten">{t("login.forgot")}</Link>
        </Paragraph>
      </section>
    </>
  );
}

function SecondStep({ pendingToken, method, reply, redirectTo }: { pendingToken: string; method: Method; reply: FormReply | undefined; redirectTo: string }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === method;
  const [codeForm, codeFields] = useRecordForm("second-factor-code", method === "code" ? reply : undefined, CODE);
  const [recoveryForm, recoveryFields] = useRecordForm("second-factor-recovery", method === "recovery" ? reply : undefined, RECOVERY);
  const form = method === "code" ? codeForm : recoveryForm;
  return (
    <section className="rt-card rt-stack">
      <Paragraph>{method === "code" ? t("login.secondFactor.intro") : t("login.secondFactor.recoveryIntro")}</Paragraph>
      <ErrorAlert>{formMessage(form)}</ErrorAlert>
      <Form id={form.id} method="post" className="rt-stack" noValidate>
        <input type="hidden" name="intent" value={method} />
        <input type="hidden" name="pendingToken" value={pendingToken} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {method === "code" ? (
          <TextField {...conformField(codeFields.code)} label={t("login.secondFactor.code")} autoComplete="one-time-code" inputMode="numeric" maxLength={40} width="code" required />
        ) : (
          <TextField {...conformField(recoveryFields.recoveryCode)} label={t("login.secondFactor.recoveryCode")} autoComplete="off" maxLength={60} width="code" required />
        )}
        <div>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {busy ? t("login.secondFactor.busy") : t("login.secondFactor.submit")}
          </Button>
        </div>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="switch" />
        <input type="hidden" name="pendingToken" value={pendingToken} />
        <input type="hidden" name="method" value={method === "code" ? "recovery" : "code"} />
        <Button type="submit" appearance="subtle-button">
          {method === "code" ? t("login.secondFactor.useRecovery") : t("login.secondFactor.useCode")}
        </Button>
      </Form>
      <Paragraph className="rt-muted rt-small">{t("login.secondFactor.lost")}</Paragraph>
    </section>
  );
}
