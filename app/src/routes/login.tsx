import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useRef } from "react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage, useFocusFirstInvalid } from "~/components/Feedback";
import { mutate, safeRedirect } from "~/lib/api.server";
import { formErrors, formInput, formText } from "~/lib/forms";
import { accountOperations } from "@regiotafel/domain";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "Inloggen — Regiotafel" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return { demo: context.demo === true };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = formText(form, "email");
  const result = await mutate(context, () => context.api.auth.login(formInput(accountOperations.login, form, {})));
  if (!result.ok) return data({ email, error: result.error, at: Date.now() }, { status: result.error.httpStatus });
  // The session cookie was set on the response by the procedure.
  throw redirect(safeRedirect(form.get("redirectTo")));
}

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const { demo } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const formRef = useRef<HTMLFormElement>(null);
  const busy = navigation.state !== "idle" && navigation.formAction?.startsWith("/login") === true;
  const { fieldErrors, formError } = formErrors(result?.error, ["email", "password"]);
  useFocusFirstInvalid(formRef, result?.at);
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("app.tagline")}</p>
        <Heading level={1}>{t("login.title")}</Heading>
      </header>
      <StatusMessage>{params.has("uitgelogd") && !result ? t("login.loggedOut") : null}</StatusMessage>
      <section className="rt-card rt-stack">
        <Paragraph>{t("login.intro")}</Paragraph>
        <ErrorAlert>{formError}</ErrorAlert>
        <Form method="post" className="rt-stack" noValidate ref={formRef}>
          {/* Checked by safeRedirect in the action. */}
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <TextField name="email" type="email" label={t("login.email")} defaultValue={result?.email} errors={fieldErrors.email} autoComplete="username" required />
          <TextField name="password" type="password" label={t("login.password")} errors={fieldErrors.password} autoComplete="current-password" required />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={busy}>
              {busy ? t("login.busy") : t("login.submit")}
            </Button>
          </div>
        </Form>
      </section>
      {demo && <Paragraph className="rt-muted rt-small">{t("login.demo")}</Paragraph>}
    </div>
  );
}
