import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Button, DataList, DataListItem, DataListKey, DataListValue, Heading, Paragraph } from "@utrecht/component-library-react";
import { PASSWORD_MIN_LENGTH } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { load, mutate, requireUser } from "~/lib/api.server";
import { keptValues } from "~/lib/edit-merge";
import { formText } from "~/lib/forms";
import { submitForm } from "~/lib/submission.server";
import { accountOperations, calendarOperations, workspaceOperations } from "@regiotafel/domain";
import { CALENDAR_CONFIRM_PARAM, CalendarFeedSection, type CalendarConfirm, type CalendarResult } from "~/components/account/CalendarFeedSection";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.account") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const [account, workspaces, secondFactor, calendar] = await Promise.all([
    load(context, request, () => context.api.account.get()),
    load(context, request, () => context.api.workspace.list()),
    load(context, request, () => context.api.secondFactor.status()),
    load(context, request, () => context.api.calendar.status()),
  ]);
  return { account, workspaces, secondFactor, calendar };
}

export async function action({ context, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  if (formText(form, "intent") === "everywhere") {
    // Ends every session, this one included; the procedure also clears the cookie.
    await mutate(context, () => context.api.auth.logoutEverywhere());
    throw redirect("/login?uitgelogd=1");
  }
  if (formText(form, "intent") === "email") {
    const result = await submitForm(context, accountOperations.requestEmailChange, form, {}, (input) => context.api.account.requestEmailChange(input));
    // The reply keeps the new address, never the password (the contract's secret field).
    if (!result.ok) return data({ intent: "email" as const, ok: false as const, error: result.error, reply: result.reply, at: Date.now() }, { status: result.error.httpStatus });
    return { intent: "email" as const, ok: true as const, email: result.data.email, at: Date.now() };
  }
  // The calendar feed (ADR 0037): a new address is in this answer only, never stored readable.
  if (formText(form, "intent") === "calendar.create") {
    const result = await submitForm(context, calendarOperations.createCalendarFeed, form, {}, (input) => context.api.calendar.create(input));
    return calendarAnswer(result.ok ? { kind: "created", url: result.data.url, mineUrl: result.data.mineUrl, at: Date.now() } : { kind: "failed", message: result.error.message, at: Date.now() }, result.ok ? 200 : result.error.httpStatus);
  }
  if (formText(form, "intent") === "calendar.revoke") {
    const result = await submitForm(context, calendarOperations.revokeCalendarFeed, form, {}, (input) => context.api.calendar.revoke(input));
    return calendarAnswer(result.ok ? { kind: "revoked", at: Date.now() } : { kind: "failed", message: result.error.message, at: Date.now() }, result.ok ? 200 : result.error.httpStatus);
  }
  if (formText(form, "intent") === "leave") {
    const workspace = formText(form, "workspace");
    const name = formText(form, "name");
    const result = await submitForm(context, workspaceOperations.leaveWorkspace, form, { workspace }, (input) => context.api.member.leave(input));
    if (!result.ok) return data({ intent: "leave" as const, ok: false as const, error: result.error, at: Date.now() }, { status: result.error.httpStatus });
    return { intent: "leave" as const, ok: true as const, name, at: Date.now() };
  }
  const result = await submitForm(context, accountOperations.changePassword, form, {}, (input) => context.api.auth.changePassword(input));
  // The reply never carries the passwords (the contract's secret fields).
  if (!result.ok) return data({ intent: "password" as const, ok: false as const, error: result.error, reply: result.reply, at: Date.now() }, { status: result.error.httpStatus });
  return { intent: "password" as const, ok: true as const, at: Date.now() };
}

/** The calendar section's answer; never cached, since a new address is in it. */
function calendarAnswer(calendar: CalendarResult, status: number) {
  return data({ intent: "calendar" as const, calendar }, { status, headers: { "Cache-Control": "no-store" } });
}

/** The password form's fields; they always start empty (a refusal never sends them back). */
const PASSWORDS = { current: "", next: "", confirm: "" };
/** The e-mail change form: the address is kept after a refusal, the password never. */
const EMAIL_CHANGE = { email: "", password: "" };

export default function Account() {
  const { account, workspaces, secondFactor, calendar } = useLoaderData<typeof loader>();
  const actionResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const t = useT();
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const result = actionResult?.intent === "password" ? actionResult : undefined;
  const emailResult = actionResult?.intent === "email" ? actionResult : undefined;
  const leaveResult = actionResult?.intent === "leave" ? actionResult : undefined;
  const calendarResult = actionResult?.intent === "calendar" ? actionResult.calendar : undefined;
  const calendarConfirm = params.get(CALENDAR_CONFIRM_PARAM);
  const failed = result && !result.ok ? result : undefined;
  const [form, fields] = useRecordForm("password", failed?.reply, PASSWORDS);
  const emailFailed = emailResult && !emailResult.ok ? emailResult : undefined;
  const [emailForm, emailFields] = useRecordForm("email-change", emailFailed?.reply, EMAIL_CHANGE);
  // Leaving asks first: ?verlaten=<slug> shows the confirmation (works without JavaScript).
  const leaving = leaveResult?.ok ? undefined : workspaces.find((w) => w.slug === params.get("verlaten"));
  return (
    <div className="rt-stack rt-stack--loose rt-narrow-wide">
      <Heading level={1}>{t("account.title")}</Heading>
      <section className="rt-card rt-stack" aria-labelledby="details-heading">
        <Heading level={2} id="details-heading">
          {t("account.details")}
        </Heading>
        <DataList appearance="rows" className="rt-data-list">
          <DataListItem>
            <DataListKey>{t("account.name")}</DataListKey>
            <DataListValue>{account.name}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t("account.email")}</DataListKey>
            <DataListValue>{account.email}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t("account.organisation")}</DataListKey>
            <DataListValue>{account.organisation.name}</DataListValue>
          </DataListItem>
        </DataList>
        <Paragraph className="rt-muted">{t("account.detailsHint")}</Paragraph>
        {account.platformAdmin && (
          <Paragraph>
            {t("account.platform")} <Link to="/platform">{t("account.platformLink")}</Link>
          </Paragraph>
        )}
        {(account.organisationAdmin || account.platformAdmin) && (
          <Paragraph>
            <Link to={`/organisatie/${account.organisation.id}/inloggen`}>{t("orgSignIn.nav")}</Link>
          </Paragraph>
        )}
      </section>
      <section className="rt-card rt-stack" aria-labelledby="password-heading">
        <div>
          <Heading level={2} id="password-heading">
            {t("account.password")}
          </Heading>
          <Paragraph className="rt-muted rt-tight">{t("account.passwordIntro")}</Paragraph>
        </div>
        <StatusMessage focusKey={result?.ok ? result.at : undefined}>{result?.ok ? t("account.changed") : null}</StatusMessage>
        <ErrorAlert>{formMessage(form)}</ErrorAlert>
        {/* A fresh, empty form after a successful change. */}
        <Form id={form.id} method="post" className="rt-stack" noValidate preventScrollReset key={result?.ok ? result.at : "form"} aria-labelledby="password-heading">
          <input type="hidden" name="intent" value="password" />
          {/* Tells password managers which account the new password belongs to. */}
          <input type="text" name="username" autoComplete="username" defaultValue={account.email} hidden readOnly />
          <TextField {...conformField(fields.current)} type="password" label={t("account.current")} autoComplete="current-password" required />
          <TextField
            {...conformField(fields.next)}
            type="password"
            label={t("account.next")}
            description={t("account.nextHint", { min: PASSWORD_MIN_LENGTH })}
            autoComplete="new-password"
            required
          />
          <TextField {...conformField(fields.confirm)} type="password" label={t("account.confirm")} autoComplete="new-password" required />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={submitting === "password"}>
              {submitting === "password" ? t("common.saving") : t("account.passwordSubmit")}
            </Button>
          </div>
        </Form>
      </section>
      <section className="rt-card rt-stack" aria-labelledby="second-factor-heading">
        <div>
          <Heading level={2} id="second-factor-heading">
            {t("account.secondFactor")}
          </Heading>
          <Paragraph className="rt-muted rt-tight">{t("account.secondFactorIntro")}</Paragraph>
        </div>
        <Paragraph>
          {secondFactor.enabled ? t("account.secondFactorOn", { count: secondFactor.recoveryCodesLeft }) : t("account.secondFactorOff")}{" "}
          {secondFactor.required ? t("account.secondFactorRequired") : null}
        </Paragraph>
        <Paragraph>
          <Link to="/tweestapsverificatie">{secondFactor.enabled ? t("account.secondFactorManage") : t("account.secondFactorSetUp")}</Link>
        </Paragraph>
      </section>
      <CalendarFeedSection
        status={calendar}
        result={calendarResult}
        confirm={calendarConfirm === "vernieuwen" || calendarConfirm === "intrekken" ? (calendarConfirm as CalendarConfirm) : null}
        submitting={typeof submitting === "string" ? submitting : null}
      />
      <section className="rt-card rt-stack" aria-labelledby="notifications-heading">
        <div>
          <Heading level={2} id="notifications-heading">
            {t("account.notifications")}
          </Heading>
          <Paragraph className="rt-muted rt-tight">{t("account.notificationsIntro")}</Paragraph>
        </div>
        <Paragraph>
          <Link to="/account/meldingen">{t("account.notificationsLink")}</Link>
        </Paragraph>
      </section>
      <section className="rt-card rt-stack" aria-labelledby="email-heading">
        <div>
          <Heading level={2} id="email-heading">
            {t("account.emailChange")}
          </Heading>
          <Paragraph className="rt-muted rt-tight">{t("account.emailChangeIntro")}</Paragraph>
        </div>
        <StatusMessage focusKey={emailResult?.ok ? emailResult.at : undefined}>{emailResult?.ok ? t("account.emailSent", { email: emailResult.email }) : null}</StatusMessage>
        <ErrorAlert>{formMessage(emailForm)}</ErrorAlert>
        <Form id={emailForm.id} method="post" className="rt-stack" noValidate preventScrollReset key={emailResult?.ok ? emailResult.at : "email-form"} aria-labelledby="email-heading">
          <input type="hidden" name="intent" value="email" />
          <TextField {...conformField(emailFields.email)} type="email" label={t("account.newEmail")} defaultValue={keptValues(emailForm.initialValue, EMAIL_CHANGE).email} autoComplete="email" required />
          <TextField {...conformField(emailFields.password)} type="password" label={t("account.emailPassword")} autoComplete="current-password" required />
          <div>
            <Button type="submit" appearance="primary-action-button" busy={submitting === "email"}>
              {submitting === "email" ? t("common.saving") : t("account.emailSubmit")}
            </Button>
          </div>
        </Form>
      </section>
      <section className="rt-card rt-stack" aria-labelledby="workspaces-heading">
        <div>
          <Heading level={2} id="workspaces-heading">
            {t("account.workspaces")}
          </Heading>
          <Paragraph className="rt-muted rt-tight">{t("account.workspacesIntro")}</Paragraph>
        </div>
        <StatusMessage focusKey={leaveResult?.ok ? leaveResult.at : undefined}>{leaveResult?.ok ? t("account.left", { workspace: leaveResult.name }) : null}</StatusMessage>
        <ErrorAlert>{leaveResult && !leaveResult.ok ? leaveResult.error.message : null}</ErrorAlert>
        {leaving && (
          <div className="rt-stack" role="group" aria-labelledby="leave-heading">
            <Heading level={3} id="leave-heading">
              {t("account.leaveConfirmTitle", { workspace: leaving.name })}
            </Heading>
            <Paragraph>{t("account.leaveConfirmBody", { workspace: leaving.name })}</Paragraph>
            <Form method="post" action="/account" className="rt-cluster" preventScrollReset>
              <input type="hidden" name="intent" value="leave" />
              <input type="hidden" name="workspace" value={leaving.slug} />
              <input type="hidden" name="name" value={leaving.name} />
              <Button type="submit" appearance="primary-action-button" busy={submitting === "leave"}>
                {t("account.leaveConfirm", { workspace: leaving.name })}
              </Button>
              <Link to="/account">{t("common.cancel")}</Link>
            </Form>
          </div>
        )}
        {workspaces.length === 0 ? (
          <Paragraph>{t("account.noWorkspaces")}</Paragraph>
        ) : (
          <ul className="rt-stack">
            {workspaces.map((w) => (
              <li key={w.slug}>
                <Link to={`/w/${w.slug}`}>{w.name}</Link> · {t(`role.${w.role}`)} ·{" "}
                <Link to={`/account?verlaten=${encodeURIComponent(w.slug)}#workspaces-heading`}>{t("account.leave", { workspace: w.name })}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="rt-card rt-stack" aria-labelledby="data-heading">
        <div>
          <Heading level={2} id="data-heading">
            {t("account.myData")}
          </Heading>
          <Paragraph className="rt-muted rt-tight">{t("account.myDataIntro")}</Paragraph>
        </div>
        <Paragraph>
          {/* A file, not a page: a plain link the browser downloads. */}
          <a href="/account/mijn-gegevens.json" download>
            {t("account.myDataLink")}
          </a>
        </Paragraph>
      </section>
      <section className="rt-card rt-stack" aria-labelledby="everywhere-heading">
        <div>
          <Heading level={2} id="everywhere-heading">
            {t("account.everywhere")}
          </Heading>
          <Paragraph className="rt-muted rt-tight">{t("account.everywhereIntro")}</Paragraph>
        </div>
        <Form method="post">
          <input type="hidden" name="intent" value="everywhere" />
          <Button type="submit" appearance="secondary-action-button" busy={submitting === "everywhere"}>
            {t("account.everywhere")}
          </Button>
        </Form>
      </section>
    </div>
  );
}
