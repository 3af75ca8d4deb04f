import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { describeError, signInOperations as ops } from "@regiotafel/domain";
import { SelectField, TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { load, mutate, requireUser } from "~/lib/api.server";
import { readIntentOf } from "~/lib/record-actions.server";
import { submitForm } from "~/lib/submission.server";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/format";
import { pageTitle } from "~/lib/meta";

// An organisation's own sign-in (ADR 0035), for its administrators and platform administrators:
// the OpenID Connect connection, requiring it, and SCIM tokens for provisioning. Anyone else,
// and an organisation administrator looking at another organisation, gets the same 404.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "orgSignIn.nav") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  requireUser(context, request);
  const organisation = params.organisationId ?? "";
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  try {
    const [settings, people] = await Promise.all([
      load(context, request, () => context.api.organisation.signIn({ organisation })),
      load(context, request, () => context.api.organisation.people({ organisation, q })),
    ]);
    return { ...settings, people, q, self: context.user!.id };
  } catch (error) {
    if (!(error instanceof Response) && ["FORBIDDEN", "BAD_REQUEST"].includes(describeError(error, context.locale).code)) throw new Response("Niet gevonden", { status: 404 });
    throw error;
  }
}

const INTENTS = {
  save: (context: AppLoadContext, form: FormData, organisation: string) =>
    submitForm(context, ops.saveConnection, form, { organisation }, (input) => context.api.organisation.saveConnection(input)),
  remove: (context: AppLoadContext, _form: FormData, organisation: string) => mutate(context, () => context.api.organisation.removeConnection({ organisation })),
  require: (context: AppLoadContext, form: FormData, organisation: string) =>
    mutate(context, () => context.api.organisation.requireSso({ organisation, required: form.get("required") === "true" })),
  createToken: (context: AppLoadContext, form: FormData, organisation: string) =>
    submitForm(context, ops.createScimToken, form, { organisation }, (input) => context.api.organisation.createScimToken(input)),
  revokeToken: (context: AppLoadContext, form: FormData, organisation: string) =>
    mutate(context, () => context.api.organisation.revokeScimToken({ organisation, tokenId: String(form.get("tokenId") ?? "") })),
  setActive: (context: AppLoadContext, form: FormData, organisation: string) =>
    submitForm(context, ops.setPersonActive, form, { organisation }, (input) => context.api.organisation.setPersonActive(input)),
  resetFactor: (context: AppLoadContext, form: FormData, organisation: string) =>
    submitForm(context, ops.resetPersonSecondFactor, form, { organisation }, (input) => context.api.organisation.resetSecondFactor(input)),
};

export async function action({ context, request, params }: ActionFunctionArgs) {
  requireUser(context, request);
  const { form, intent, at } = await readIntentOf(request, INTENTS);
  const result = await INTENTS[intent](context, form, params.organisationId ?? "");
  if (!result.ok) return data({ ok: false as const, intent, at, error: result.error, reply: "reply" in result ? result.reply : undefined }, { status: result.error.httpStatus });
  return { ok: true as const, intent, at, data: result.data as unknown, name: String(form.get("name") ?? "") };
}

export default function OrganisationSignIn() {
  const settings = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const { connection } = settings;
  const initial = {
    issuer: connection?.issuer ?? "",
    clientId: connection?.clientId ?? "",
    clientSecret: "",
    domains: connection?.domains.join(", ") ?? "",
    nameClaim: connection?.nameClaim ?? "name",
    emailClaim: connection?.emailClaim ?? "email",
    subjectClaim: connection?.subjectClaim ?? "sub",
    enabled: String(connection?.enabled ?? true),
  };
    // A new form after each save: the fields start again from what is stored, the secret empty.
  const [form, fields] = useRecordForm(`sso-connection-${connection ? new Date(connection.updatedAt).getTime() : "new"}`, result && !result.ok && result.intent === "save" ? result.reply : undefined, initial);
  const [tokenForm, tokenFields] = useRecordForm("scim-token", result && !result.ok && result.intent === "createToken" ? result.reply : undefined, { label: "" });
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";
  const done = result?.ok ? doneMessage(result.intent, result.data, result.name, t) : null;
  const otherError = result && !result.ok && result.intent !== "save" && result.intent !== "createToken" ? result.error.message : null;
  return (
    <div className="rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <Heading level={1}>{t("orgSignIn.title", { organisation: settings.organisation.name })}</Heading>
        <Paragraph>{t("orgSignIn.intro")}</Paragraph>
      </header>
      <StatusMessage>{done}</StatusMessage>
      <ErrorAlert>{otherError}</ErrorAlert>

      <section className="rt-card rt-stack" aria-labelledby="sso-connection-heading">
        <Heading level={2} id="sso-connection-heading">{t("orgSignIn.connection")}</Heading>
        {!connection && <Paragraph>{t("orgSignIn.none")}</Paragraph>}
        <Paragraph className="rt-small">{t("orgSignIn.redirectUri", { uri: settings.redirectUri })}</Paragraph>
        <ErrorAlert>{formMessage(form)}</ErrorAlert>
        <Form key={form.id} id={form.id} method="post" className="rt-stack" noValidate>
          <input type="hidden" name="intent" value="save" />
          <TextField {...conformField(fields.issuer)} label={t("orgSignIn.issuer")} description={t("orgSignIn.issuerHint")} defaultValue={initial.issuer} required />
          <TextField {...conformField(fields.clientId)} label={t("orgSignIn.clientId")} defaultValue={initial.clientId} required />
          <TextField
            {...conformField(fields.clientSecret)}
            type="password"
            autoComplete="off"
            label={t("orgSignIn.clientSecret")}
            description={connection ? `${t("orgSignIn.clientSecretHint")} ${t("orgSignIn.clientSecretKeep")}` : t("orgSignIn.clientSecretHint")}
            required={!connection}
          />
          <TextField {...conformField(fields.domains)} label={t("orgSignIn.domains")} description={t("orgSignIn.domainsHint")} defaultValue={initial.domains} required />
          <TextField {...conformField(fields.nameClaim)} label={t("orgSignIn.nameClaim")} defaultValue={initial.nameClaim} width="short" />
          <TextField {...conformField(fields.emailClaim)} label={t("orgSignIn.emailClaim")} defaultValue={initial.emailClaim} width="short" />
          <TextField {...conformField(fields.subjectClaim)} label={t("orgSignIn.subjectClaim")} description={t("orgSignIn.subjectClaimHint")} defaultValue={initial.subjectClaim} width="short" />
          <SelectField
            {...conformField(fields.enabled)}
            label={t("orgSignIn.enabled")}
            defaultValue={initial.enabled}
            options={[
              { value: "true", label: t("orgSignIn.on") },
              { value: "false", label: t("orgSignIn.off") },
            ]}
          />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={saving}>
              {t("orgSignIn.save")}
            </Button>
          </div>
        </Form>
        {connection && (
          <Form method="post" onSubmit={(event) => (confirm(t("orgSignIn.removeConfirm")) ? undefined : event.preventDefault())}>
            <input type="hidden" name="intent" value="remove" />
            <Button type="submit" appearance="secondary-action-button">
              {t("orgSignIn.remove")}
            </Button>
          </Form>
        )}
      </section>

      {connection && (
        <section className="rt-card rt-stack" aria-labelledby="sso-required-heading">
          <Heading level={2} id="sso-required-heading">{t("orgSignIn.required")}</Heading>
          <Paragraph>{connection.requireSso ? t("orgSignIn.isRequired") : t("orgSignIn.isOptional")}</Paragraph>
          <Paragraph className="rt-small">{t("orgSignIn.requiredHelp")}</Paragraph>
          <Form method="post">
            <input type="hidden" name="intent" value="require" />
            <input type="hidden" name="required" value={String(!connection.requireSso)} />
            <Button type="submit" appearance="secondary-action-button">
              {connection.requireSso ? t("orgSignIn.makeOptional") : t("orgSignIn.require")}
            </Button>
          </Form>
        </section>
      )}

      <section className="rt-card rt-stack" aria-labelledby="scim-heading">
        <Heading level={2} id="scim-heading">{t("orgSignIn.scim")}</Heading>
        <Paragraph>{t("orgSignIn.scimIntro", { url: settings.scimUrl })}</Paragraph>
        {settings.scimTokens.length === 0 ? (
          <Paragraph>{t("orgSignIn.scimNone")}</Paragraph>
        ) : (
          <ul className="rt-stack">
            {settings.scimTokens.map((token) => (
              <li key={token.id}>
                <Form method="post" className="rt-inline">
                  <strong>{token.label}</strong>{" "}
                  <span className="rt-muted rt-small">{token.lastUsedAt ? t("orgSignIn.scimLastUsed", { date: formatDateTime(token.lastUsedAt, locale) }) : t("orgSignIn.scimNeverUsed")}</span>{" "}
                  <input type="hidden" name="intent" value="revokeToken" />
                  <input type="hidden" name="tokenId" value={token.id} />
                  <Button type="submit" appearance="subtle-button">
                    {t("orgSignIn.scimRevoke")}
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <ErrorAlert>{formMessage(tokenForm)}</ErrorAlert>
        <Form id={tokenForm.id} method="post" className="rt-stack" noValidate>
          <input type="hidden" name="intent" value="createToken" />
          <TextField {...conformField(tokenFields.label)} label={t("orgSignIn.scimLabel")} required />
          <div>
            <Button type="submit" appearance="secondary-action-button">
              {t("orgSignIn.scimCreate")}
            </Button>
          </div>
        </Form>
      </section>

      <section className="rt-card rt-stack" aria-labelledby="people-heading">
        <Heading level={2} id="people-heading">{t("orgSignIn.people")}</Heading>
        <Paragraph>{t("orgSignIn.peopleIntro")}</Paragraph>
        <Form method="get" role="search" aria-labelledby="people-heading" className="rt-stack">
          <TextField name="q" id="people-q" label={t("users.search")} defaultValue={settings.q} />
          <div>
            <Button type="submit" appearance="secondary-action-button">
              {t("users.searchSubmit")}
            </Button>
          </div>
        </Form>
        <ul className="rt-stack">
          {settings.people.users.map((person) => (
            <li key={person.id} className="rt-stack">
              <span>
                <strong>{person.name}</strong> ({person.email}) — {person.deactivatedAt === null ? t("users.active") : t("users.deactivated")}
                {person.secondFactor ? `, ${t("users.secondFactorOn")}` : ""}
              </span>
              <div className="rt-inline">
                {person.id !== settings.self && (
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="intent" value="setActive" />
                    <input type="hidden" name="userId" value={person.id} />
                    <input type="hidden" name="active" value={person.deactivatedAt === null ? "false" : "true"} />
                    <input type="hidden" name="name" value={person.name} />
                    <Button type="submit" appearance="secondary-action-button">
                      {t(person.deactivatedAt === null ? "users.deactivate" : "users.reactivate", { name: person.name })}
                    </Button>
                  </Form>
                )}
                {person.secondFactor && (
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="intent" value="resetFactor" />
                    <input type="hidden" name="userId" value={person.id} />
                    <input type="hidden" name="name" value={person.name} />
                    <Button type="submit" appearance="subtle-button">
                      {t("users.resetSecondFactor", { name: person.name })}
                    </Button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>

      {settings.admins.length > 0 && (
        <section className="rt-card rt-stack" aria-labelledby="org-admins-heading">
          <Heading level={2} id="org-admins-heading">{t("orgSignIn.admins")}</Heading>
          <ul>
            {settings.admins.map((admin) => (
              <li key={admin.id}>
                {admin.name} ({admin.email})
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function doneMessage(intent: string, result: unknown, name: string, t: ReturnType<typeof useT>): string | null {
  if (intent === "setActive") return t((result as { active: boolean }).active ? "users.reactivatedDone" : "users.deactivatedDone", { name });
  if (intent === "resetFactor") return t("users.secondFactorResetDone", { name });
  if (intent === "save") return t("orgSignIn.saved");
  if (intent === "remove") return t("orgSignIn.removed");
  if (intent === "require") {
    const { required, sessionsEnded } = result as { required: boolean; sessionsEnded: number };
    return required ? t("orgSignIn.requiredDone", { count: sessionsEnded }) : t("orgSignIn.optionalDone");
  }
  if (intent === "createToken") return t("orgSignIn.scimCreated", { token: (result as { token: string }).token });
  if (intent === "revokeToken") return t("orgSignIn.scimRevoked");
  return null;
}
