import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { safeRedirect } from "~/lib/api.server";
import { keptValues } from "~/lib/edit-merge";
import { submitForm } from "~/lib/submission.server";
import { accountOperations, signInOperations } from "@regiotafel/domain";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.login") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return { demo: context.demo === true };
}

/**
 * Two steps (home realm discovery, ADR 0035): the address first — at a domain with its own
 * sign-in the browser goes to that organisation's provider, any other address gets the password
 * field. The second step posts the password with the address.
 */
export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const redirectTo = safeRedirect(form.get("redirectTo"));
  if (!form.has("password")) {
    const result = await submitForm(context, signInOperations.discoverSignIn, form, {}, (input) => context.api.auth.discover({ ...input, redirectTo }));
    if (!result.ok) return data({ step: "email" as const, error: result.error, reply: result.reply }, { status: result.error.httpStatus });
    if (result.data.kind === "sso") throw redirect(result.data.url);
    return { step: "password" as const, email: result.input.email, error: null, reply: null };
  }
  const result = await submitForm(context, accountOperations.login, form, {}, (input) => context.api.auth.login(input));
  // The reply keeps the address, never the password (the contract's secret field).
  if (!result.ok) return data({ step: "password" as const, email: String(form.get("email") ?? ""), error: result.error, reply: result.reply }, { status: result.error.httpStatus });
  // The session cookie was set on the response by the procedure.
  throw redirect(redirectTo);
}

const SIGN_IN = { email: "", password: "" };

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const { demo } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state !== "idle" && navigation.formAction?.startsWith("/login") === true;
  const [form, fields] = useRecordForm("login", result?.reply ?? undefined, SIGN_IN);
  const passwordStep = result?.step === "password";
  const redirectTo = <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />;
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("app.tagline")}</p>
        <Heading level={1}>{t("login.title")}</Heading>
      </header>
      <StatusMessage>{result ? null : params.has("uitgelogd") ? t("login.loggedOut") : params.has("wachtwoord") ? t("login.passwordReset") : null}</StatusMessage>
      <section className="rt-card rt-stack">
        <ErrorAlert>{formMessage(form)}</ErrorAlert>
        {passwordStep ? (
          <Form id={form.id} method="post" className="rt-stack" noValidate>
            {/* Checked by safeRedirect in the action. */}
            {redirectTo}
            <Paragraph>
              {t("login.signingInAs", { email: result.email })} <Link to={`/login${params.size ? `?${params}` : ""}`}>{t("login.otherAddress")}</Link>
            </Paragraph>
            {/* For password managers: the account this password belongs to. */}
            <input type="email" name="email" value={result.email} autoComplete="username" readOnly hidden />
            <TextField {...conformField(fields.password)} type="password" label={t("login.password")} autoComplete="current-password" required />
            <div>
              <Button type="submit" appearance="primary-action-button" busy={busy}>
                {busy ? t("login.busy") : t("login.submit")}
              </Button>
            </div>
          </Form>
        ) : (
          <Form id={form.id} method="post" className="rt-stack" noValidate>
            {redirectTo}
            <Paragraph>{t("login.intro")}</Paragraph>
            <TextField {...conformField(fields.email)} type="email" label={t("login.email")} defaultValue={keptValues(form.initialValue, SIGN_IN).email} autoComplete="username" required />
            <div>
              <Button type="submit" appearance="primary-action-button" busy={busy}>
                {busy ? t("login.continueBusy") : t("login.continue")}
              </Button>
            </div>
          </Form>
        )}
        <Paragraph>
          <Link to="/wachtwoord-vergeten">{t("login.forgot")}</Link>
        </Paragraph>
      </section>
      {demo && <Paragraph className="rt-muted rt-small">{t("login.demo")}</Paragraph>}
    </div>
  );
}
