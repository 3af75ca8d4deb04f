import { useEffect, useState } from "react";
import { Form, Link } from "@remix-run/react";
import { Button, FormField, FormFieldDescription, FormLabel, Heading, Paragraph, Textbox } from "@utrecht/component-library-react";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/format";

// "Agenda in Outlook" on the account page (issue 21 point 8, ADR 0037): make the secret feed
// address (shown this once, with the "my municipality" variant), replace it or revoke it, each
// after a confirmation that works without JavaScript (?agenda=vernieuwen / ?agenda=intrekken).

/** The query that asks for a confirmation, and its two values. */
export const CALENDAR_CONFIRM_PARAM = "agenda";
export type CalendarConfirm = "vernieuwen" | "intrekken";

export type CalendarResult =
  | { kind: "created"; url: string; mineUrl: string; at: number }
  | { kind: "revoked"; at: number }
  | { kind: "failed"; message: string; at: number };

export function CalendarFeedSection(props: {
  status: { active: boolean; createdAt: Date | string | null };
  result: CalendarResult | undefined;
  confirm: CalendarConfirm | null;
  submitting: string | null;
}) {
  const { status, result, submitting } = props;
  const t = useT();
  const locale = useLocale();
  const created = result?.kind === "created" ? result : undefined;
  // After an answer the confirmation is done.
  const confirm = result ? null : props.confirm;
  const back = "/account#calendar-heading";
  return (
    <section className="rt-card rt-stack" aria-labelledby="calendar-heading">
      <div>
        <Heading level={2} id="calendar-heading">
          {t("account.calendar")}
        </Heading>
        <Paragraph className="rt-muted rt-tight">{t("account.calendarIntro")}</Paragraph>
      </div>
      <StatusMessage focusKey={result && result.kind !== "failed" ? result.at : undefined}>
        {created ? t("account.calendarCreated") : result?.kind === "revoked" ? t("account.calendarRevoked") : null}
      </StatusMessage>
      <ErrorAlert>{result?.kind === "failed" ? result.message : null}</ErrorAlert>

      {created && (
        <div className="rt-stack">
          <CopyField id="calendar-url" label={t("account.calendarAll")} description={t("account.calendarAllHint")} value={created.url} />
          <CopyField id="calendar-mine-url" label={t("account.calendarMine")} description={t("account.calendarMineHint")} value={created.mineUrl} />
          <Heading level={3}>{t("account.calendarHowTo")}</Heading>
          <ol className="rt-stack">
            <li>{t("account.calendarStep1")}</li>
            <li>{t("account.calendarStep2")}</li>
            <li>{t("account.calendarStep3")}</li>
          </ol>
          <Paragraph className="rt-muted">{t("account.calendarSecret")}</Paragraph>
        </div>
      )}

      {confirm === "vernieuwen" && status.active && (
        <div className="rt-stack" role="group" aria-labelledby="calendar-renew-heading">
          <Heading level={3} id="calendar-renew-heading">
            {t("account.calendarRenewTitle")}
          </Heading>
          <Paragraph>{t("account.calendarRenewBody")}</Paragraph>
          <Form method="post" action="/account" className="rt-cluster" preventScrollReset>
            <input type="hidden" name="intent" value="calendar.create" />
            <Button type="submit" appearance="primary-action-button" busy={submitting === "calendar.create"}>
              {t("account.calendarRenewConfirm")}
            </Button>
            <Link to={back}>{t("common.cancel")}</Link>
          </Form>
        </div>
      )}
      {confirm === "intrekken" && status.active && (
        <div className="rt-stack" role="group" aria-labelledby="calendar-revoke-heading">
          <Heading level={3} id="calendar-revoke-heading">
            {t("account.calendarRevokeTitle")}
          </Heading>
          <Paragraph>{t("account.calendarRevokeBody")}</Paragraph>
          <Form method="post" action="/account" className="rt-cluster" preventScrollReset>
            <input type="hidden" name="intent" value="calendar.revoke" />
            <Button type="submit" appearance="primary-action-button" busy={submitting === "calendar.revoke"}>
              {t("account.calendarRevokeConfirm")}
            </Button>
            <Link to={back}>{t("common.cancel")}</Link>
          </Form>
        </div>
      )}

      {status.active ? (
        <>
          {!created && (
            <Paragraph>{t("account.calendarActive", { date: status.createdAt ? formatDateTime(status.createdAt, locale) : t("common.none") })}</Paragraph>
          )}
          {!confirm && (
            <Paragraph className="rt-cluster">
              <Link to={`/account?${CALENDAR_CONFIRM_PARAM}=vernieuwen#calendar-heading`}>{t("account.calendarRenew")}</Link>
              <Link to={`/account?${CALENDAR_CONFIRM_PARAM}=intrekken#calendar-heading`}>{t("account.calendarRevoke")}</Link>
            </Paragraph>
          )}
        </>
      ) : (
        <>
          <Paragraph>{t("account.calendarNone")}</Paragraph>
          <Form method="post" action="/account" preventScrollReset>
            <input type="hidden" name="intent" value="calendar.create" />
            <Button type="submit" appearance="primary-action-button" busy={submitting === "calendar.create"}>
              {t("account.calendarCreate")}
            </Button>
          </Form>
        </>
      )}
    </section>
  );
}

/** A read-only address to copy: selectable without JavaScript, a copy button with it. */
function CopyField({ id, label, description, value }: { id: string; label: string; description: string; value: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  // The copy button needs the clipboard (JavaScript, a secure context); without it the address is selected on focus.
  const [canCopy, setCanCopy] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && navigator.clipboard !== undefined), []);
  return (
    <FormField type="text">
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>{label}</FormLabel>
      </div>
      <FormFieldDescription id={`${id}-description`}>{description}</FormFieldDescription>
      <div className="utrecht-form-field__input rt-cluster">
        <Textbox id={id} type="text" value={value} readOnly aria-describedby={`${id}-description`} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
        {canCopy && (
          <Button
            type="button"
            appearance="secondary-action-button"
            onClick={() => {
              void navigator.clipboard.writeText(value).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          >
            {t("account.calendarCopy")}
          </Button>
        )}
      </div>
      <div role="status">{copied ? <Paragraph className="rt-muted">{t("account.calendarCopied")}</Paragraph> : null}</div>
    </FormField>
  );
}
