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
import { accountOperations, secondFactorOperations, signInOperations } from "@regiotafel/domain";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.login") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return { demo: context.demo === true };
}

// Up to three steps (ADR 0035): the address first (home realm discovery: at a domain with its
// own sign-in the browser goes to that organisation's provider, any other address gets the
// password field), the password, and for an account with two-step verification a code.

type Method = "code" | "recovery";

const emailStep = (reply: FormReply | undefined) => ({ step: "email" as const, reply, message: null, email: "" });
/** The password step: its form's reply, or a message above it (a second step that expired). */
const passwordStep = (email: string, reply: FormReply | undefined, message: string | null) => ({ step: "password" as const, email, reply, message });
/** The second step: the pending sign-in's token travels in the form. */
const secondStep = (pendingToken: string, method: Method, reply?: FormReply) => ({ step: "secondFactor" as const, pendingToken, method, reply, message: null });

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const redirectTo = safeRedirect(form.get("redirectTo"));
  const intent = formText(form, "intent");
  const pendingToken = formText(form, "pendingToken");
  if (intent === "switch") return secondStep(pendingToken, formText(form, "method") === "recovery" ? "recovery" : "code");
  if (intent === "code" || intent === "recovery") {
    const result =
      intent === "code"
        ? await submitForm(context, secondFactorOperations.verifySecondFactor, form, {}, (input) => context.api.auth.verifySecondFactor(input))
        : await submitForm(context, secondFactorOperations.useRecoveryCode, form, {}, (input) => context.api.auth.useRecoveryCode(input));
    if (result.ok) throw redirect(redirectTo);
    // Expired or used: back to the address, with the reason above the form.
    if (result.error.messageKey === "secondFactor.expired") return data(passwordStep("", undefined, result.error.message), { status: result.error.httpStatus });
    return data(secondStep(pendingToken, intent, result.reply), { status: result.error.httpStatus });
  }
  if (!form.has("password")) {
    const result = await submitForm(context, signInOperations.discoverSignIn, form, {}, (input) => context.api.auth.discover({ ...input, redirectTo }));
    if (!result.ok) return data(emailStep(result.reply), { status: result.error.httpStatus });
    if (result.data.kind === "sso") throw redirect(result.data.url);
    return passwordStep(result.input.email, undefined, null);
  }
  const email = formText(form, "email");
  const result = await submitForm(context, accountOperations.login, form, {}, (input) => context.api.auth.login(input));
  // The reply keeps the address, never the password (the contract's secret field).
  if (!result.ok) return data(passwordStep(email, result.reply, null), { status: result.error.httpStatus });
  if (result.data.pendingToken) return secondStep(result.data.pendingToken, "code");
  // The session cookie was set on the response by the procedure.
  throw redirect(redirectTo);
}

const ADDRESS = { email: "" };
const SIGN_IN = { email: "", password: "" };
const CODE = { code: "" };
const RECOVERY = { recoveryCode: "" };

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const { demo } = useLoaderData<typeof loader>();
  const second = result?.step === "secondFactor" ? result : undefined;
  const password = result?.step === "password" && result.email ? result : undefined;
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("app.tagline")}</p>
        <Heading level={1}>{second ? t("login.secondFactor.title") : t("login.title")}</Heading>
      </header>
      {second ? (
        <SecondStep key={`${second.method}-${second.pendingToken}`} pendingToken={second.pendingToken} method={second.method} reply={second.reply} />
      ) : password ? (
        <PasswordStep email={password.email} reply={password.reply} />
      ) : (
        <EmailStep reply={result?.step === "email" ? result.reply : undefined} message={result?.message ?? null} />
      )}
      {demo && !second && <Paragraph className="rt-muted rt-small">{t("login.demo")}</Paragraph>}
    </div>
  );
}

/** Where the browser goes after signing in (checked by safeRedirect in the action). */
function RedirectTo() {
  const [params] = useSearchParams();
  return <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />;
}

function useBusy() {
  const navigation = useNavigation();
  return navigation.state !== "idle" && navigation.formAction?.startsWith("/login") === true;
}

function EmailStep({ reply, message }: { reply: FormReply | undefined; message: string | null }) {
  const t = useT();
  const busy = useBusy();
  const [params] = useSearchParams();
  const [form, fields] = useRecordForm("login-email", reply, ADDRESS);
  return (
    <>
      <StatusMessage>{reply || message ? null : params.has("uitgelogd") ? t("login.loggedOut") : params.has("wachtwoord") ? t("login.passwordReset") : null}</StatusMessage>
      <section className="rt-card rt-stack">
        <Paragraph>{t("login.intro")}</Paragraph>
        <ErrorAlert>{message ?? formMessage(form)}</ErrorAlert>
        <Form id={form.id} method="post" className="rt-stack" noValidate>
          <RedirectTo />
          <TextField {...conformField(fields.email)} type="email" label={t("login.email")} defaultValue={keptValues(form.initialValue, ADDRESS).email} autoComplete="username" required />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={busy}>
              {busy ? t("login.continueBusy") : t("login.continue")}
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

function PasswordStep({ email, reply }: { email: string; reply: FormReply | undefined }) {
  const t = useT();
  const busy = useBusy();
  const [params] = useSearchParams();
  const [form, fields] = useRecordForm("login", reply, SIGN_IN);
  return (
    <section className="rt-card rt-stack">
      <ErrorAlert>{formMessage(form)}</ErrorAlert>
      <Form id={form.id} method="post" className="rt-stack" noValidate>
        <RedirectTo />
        <Paragraph>
          {t("login.signingInAs", { email })} <Link to={`/login${params.size ? `?${params}` : ""}`}>{t("login.otherAddress")}</Link>
        </Paragraph>
        {/* For password managers: the account this password belongs to. */}
        <input type="email" name="email" value={email} autoComplete="username" readOnly hidden />
        {/* The step the user just moved on to: the password field takes the focus. */}
        <TextField {...conformField(fields.password)} type="password" label={t("login.password")} autoComplete="current-password" required autoFocus />
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
  );
}

function SecondStep({ pendingToken, method, reply }: { pendingToken: string; method: Method; reply: FormReply | undefined }) {
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
        <RedirectTo />
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
