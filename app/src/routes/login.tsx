import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { mutate, safeRedirect } from "~/lib/api.server";
import { FieldError } from "~/components/FieldError";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "Inloggen — Regiotafel" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get("email") ?? "");
  const result = await mutate(context, () => context.api.auth.login({ email, password: String(form.get("password") ?? "") }));
  if (!result.ok) return data({ email, error: result.error }, { status: result.error.httpStatus });
  // The session cookie was set on the response by the procedure.
  throw redirect(safeRedirect(form.get("redirectTo")));
}

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state !== "idle" && navigation.formAction === "/login";
  const fieldErrors = result?.error.fieldErrors ?? {};
  const formError = result && !result.error.fieldErrors ? result.error.message : null;
  return (
    <div className="rt-narrow rt-stack">
      <h1 className="utrecht-heading-1">{t("login.title")}</h1>
      {params.has("uitgelogd") && (
        <div className="utrecht-alert utrecht-alert--ok" role="status">
          <p className="utrecht-paragraph">{t("login.loggedOut")}</p>
        </div>
      )}
      <p className="utrecht-paragraph">{t("login.intro")}</p>
      {formError && (
        <div className="utrecht-alert utrecht-alert--error" role="alert">
          <p className="utrecht-paragraph">{formError}</p>
        </div>
      )}
      <Form method="post" className="rt-card rt-stack" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <div className="utrecht-form-field utrecht-form-field--text">
          <label className="utrecht-form-label" htmlFor="email">
            {t("login.email")}
          </label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            defaultValue={result?.email}
            aria-invalid={fieldErrors.email ? true : undefined}
            aria-describedby={fieldErrors.email ? "email-error" : undefined}
            className="utrecht-textbox utrecht-textbox--html-input"
          />
          <FieldError id="email-error" messages={fieldErrors.email} />
        </div>
        <div className="utrecht-form-field utrecht-form-field--text">
          <label className="utrecht-form-label" htmlFor="password">
            {t("login.password")}
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={fieldErrors.password ? true : undefined}
            aria-describedby={fieldErrors.password ? "password-error" : undefined}
            className="utrecht-textbox utrecht-textbox--html-input"
          />
          <FieldError id="password-error" messages={fieldErrors.password} />
        </div>
        <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy} aria-busy={busy}>
          {busy && <span className="rt-busy" aria-hidden="true" />}
          {busy ? t("login.busy") : t("login.submit")}
        </button>
      </Form>
      <p className="utrecht-paragraph rt-muted">{t("login.demo")}</p>
    </div>
  );
}
