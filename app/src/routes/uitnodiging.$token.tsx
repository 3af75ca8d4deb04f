import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { describeError, invitationOperations, PASSWORD_MIN_LENGTH } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { mutate } from "~/lib/api.server";
import { keptValues } from "~/lib/edit-merge";
import { formatDateTime } from "~/lib/format";
import { readIntentOf } from "~/lib/record-actions.server";
import { submitForm } from "~/lib/submission.server";
import { useLocale, useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";
import { withNotice } from "~/lib/notice";

// An invitation's link (issue 17, point 4; ADR 0023): an address without an account creates it
// here (name, password) and lands in the workspace; an address with one signs in with it and
// accepts. Every link that no longer works — unknown, used, revoked, expired, replaced by a
// resend — shows the same page (404), whatever the reason.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.invitation") }, { name: "robots", content: "noindex" }];

/** The page carries the token in its URL: never kept by a cache. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });

const invalidPage = () => data({ valid: false as const }, { status: 404 });

export async function loader({ context, params }: LoaderFunctionArgs) {
  try {
    const invitation = await context.api.invitation.check({ token: params.token ?? "" });
    return data({ valid: true as const, invitation });
  } catch (error) {
    if (describeError(error, context.locale).code === "NOT_FOUND") return invalidPage();
    throw error;
  }
}

const INTENTS = { create: true, accept: true };

export async function action({ context, request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const { form, intent } = await readIntentOf(request, INTENTS);
  if (intent === "accept") {
    const result = await mutate(context, () => context.api.invitation.accept({ token }));
    if (result.ok) throw redirect(withNotice(`/w/${result.data.workspaceSlug}`, "welkom"));
    if (result.error.code === "NOT_FOUND") return invalidPage();
    // Not signed in (any more): sign in and come back here.
    if (result.error.code === "UNAUTHORIZED") throw redirect(`/login?redirectTo=${encodeURIComponent(`/uitnodiging/${token}`)}`);
    return data({ valid: true as const, intent, error: result.error }, { status: result.error.httpStatus });
  }
  const result = await submitForm(context, invitationOperations.createAccountFromInvitation, form, { token }, (input) => context.api.invitation.createAccount(input));
  if (!result.ok) {
    if (result.error.code === "NOT_FOUND") return invalidPage();
    // The reply keeps the name, never the passwords (the contract's secret fields).
    return data({ valid: true as const, intent, error: result.error, reply: result.reply }, { status: result.error.httpStatus });
  }
  // The procedure signed the new member in (its session cookie is on this response).
  throw redirect(result.data.signedIn ? withNotice(`/w/${result.data.workspaceSlug}`, "welkom") : `/login?redirectTo=${encodeURIComponent(`/w/${result.data.workspaceSlug}`)}`);
}

const NEW_ACCOUNT = { name: "", password: "", confirm: "" };

export default function Invitation() {
  const t = useT();
  const locale = useLocale();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const token = useParams().token ?? "";
  if (!loaded.valid || result?.valid === false) {
    return (
      <div className="rt-narrow rt-stack rt-stack--loose">
        <Heading level={1}>{t("invitation.invalid.title")}</Heading>
        <Paragraph>{t("invitation.invalid.body")}</Paragraph>
        <Paragraph>
          <Link to="/login">{t("invitation.invalid.login")}</Link>
        </Paragraph>
      </div>
    );
  }
  const { invitation } = loaded;
  const values = {
    workspace: invitation.workspace,
    email: invitation.email,
    role: t(`role.${invitation.role}`).toLowerCase(),
    organisation: invitation.organisation,
    inviter: invitation.inviterName ?? "",
    date: formatDateTime(invitation.expiresAt, locale),
  };
  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("app.tagline")}</p>
        <Heading level={1}>{t("invitation.title", values)}</Heading>
      </header>
      <Paragraph>{t(invitation.inviterName ? "invitation.intro" : "invitation.introNoInviter", values)}</Paragraph>
      {invitation.next === "create" && <CreateAccount email={invitation.email} result={result && "reply" in result ? result : undefined} />}
      {invitation.next === "signIn" && (
        <section className="rt-card rt-stack">
          <Paragraph>{t("invitation.signIn", values)}</Paragraph>
          <Paragraph>
            <Link to={`/login?redirectTo=${encodeURIComponent(`/uitnodiging/${token}`)}`}>{t("invitation.signInLink", values)}</Link>
          </Paragraph>
        </section>
      )}
      {invitation.next === "accept" && <Accept email={invitation.email} error={result && "error" in result && !("reply" in result) ? result.error.message : null} />}
      {invitation.next === "otherAccount" && (
        <section className="rt-card rt-stack">
          <ErrorAlert>{t("invitation.otherAccount", { ...values, signedInAs: invitation.signedInAs ?? "" })}</ErrorAlert>
          <Form method="post" action="/logout">
            <Button type="submit" appearance="secondary-action-button">
              {t("invitation.logout")}
            </Button>
          </Form>
        </section>
      )}
    </div>
  );
}

function Accept({ email, error }: { email: string; error: string | null }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <section className="rt-card rt-stack">
      <Paragraph>{t("invitation.accept", { email })}</Paragraph>
      <ErrorAlert>{error}</ErrorAlert>
      <Form method="post">
        <input type="hidden" name="intent" value="accept" />
        <Button type="submit" appearance="primary-action-button" busy={busy}>
          {busy ? t("invitation.acceptBusy") : t("invitation.acceptSubmit")}
        </Button>
      </Form>
    </section>
  );
}

function CreateAccount({ email, result }: { email: string; result: { reply: NonNullable<Parameters<typeof useRecordForm>[1]> } | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useRecordForm("invitation", result?.reply, NEW_ACCOUNT);
  const kept = keptValues(form.initialValue, NEW_ACCOUNT);
  return (
    <section className="rt-card rt-stack" aria-labelledby="invitation-create">
      <Heading level={2} id="invitation-create">
        {t("invitation.create")}
      </Heading>
      <Paragraph>{t("invitation.createIntro", { email })}</Paragraph>
      <ErrorAlert>{formMessage(form)}</ErrorAlert>
      <Form id={form.id} method="post" className="rt-stack" noValidate>
        <input type="hidden" name="intent" value="create" />
        {/* For password managers: the account's address, which the invitation fixes. */}
        <input type="hidden" name="username" value={email} autoComplete="username" />
        <TextField {...conformField(fields.name)} label={t("invitation.name")} defaultValue={kept.name} autoComplete="name" required />
        <TextField
          {...conformField(fields.password)}
          type="password"
          label={t("invitation.password")}
          description={t("invitation.passwordHint", { min: PASSWORD_MIN_LENGTH })}
          autoComplete="new-password"
          required
        />
        <TextField {...conformField(fields.confirm)} type="password" label={t("invitation.confirm")} autoComplete="new-password" required />
        <div>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {busy ? t("invitation.createBusy") : t("invitation.createSubmit")}
          </Button>
        </div>
      </Form>
    </section>
  );
}
