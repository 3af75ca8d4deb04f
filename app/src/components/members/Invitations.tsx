import { Form, Link, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import {
  Button,
  FormField,
  FormFieldDescription,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react";
import { INVITATION_MAX_ADDRESSES, INVITATION_VALID_DAYS, LOCALES, ROLES, type InvitationState, type Role } from "@regiotafel/domain";
import { fieldIds, SelectField } from "~/components/FormFields";
import { FieldError } from "~/components/FieldError";
import { ErrorAlert, StatusMessage, useFocusOnToggle } from "~/components/Feedback";
import { TextAreaField } from "~/components/records/Fields";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { ConfirmStep, useConfirmParam } from "~/components/records/RemoveControl";
import { keptValues } from "~/lib/edit-merge";
import type { FormReply } from "~/lib/forms";
import { countText, formatDateTime } from "~/lib/format";
import { useLocale, useT } from "~/i18n/use-t";

// The members page's invitations (issue 17, point 4; ADR 0023): the invite form (several
// addresses at once, an organisation, a role, the mail's language) and the list of invitations
// with their state, resend and revoke (with a confirmation). Every form works without JavaScript.

export interface InvitationListItem {
  id: string;
  email: string;
  role: Role;
  organisation: string;
  invitedBy: string | null;
  state: InvitationState;
  lastSentAt: Date | string;
  expiresAt: Date | string;
  acceptedAt: Date | string | null;
  revokedAt: Date | string | null;
  open: boolean;
}

interface OrganisationChoice {
  id: string;
  name: string;
}

export interface InvitationsData {
  invitations: InvitationListItem[];
  organisations: { workspace: OrganisationChoice[]; other: OrganisationChoice[] };
}

/** What the page's action answered to one of these forms. */
export type InvitationOutcome =
  | { ok: true; intent: "invite"; at: number; invited: string[]; renewed: string[]; alreadyMembers: string[]; duplicates: string[] }
  | { ok: true; intent: "resend" | "revoke"; at: number; id: string; email: string }
  | { ok: false; intent: "invite" | "resend" | "revoke"; at: number; invitationId: string; error: { message: string }; reply?: FormReply };

/** The query parameter that opens the revoke confirmation for one invitation (works without JavaScript). */
const REVOKE_PARAM = "intrekken";

export function Invitations({ data, outcome, postTo, workspaceName }: { data: InvitationsData; outcome: InvitationOutcome | undefined; postTo: string; workspaceName: string }) {
  const t = useT();
  const done = outcome?.ok && outcome.intent !== "invite" ? outcome : undefined;
  return (
    <>
      <InviteForm organisations={data.organisations} outcome={outcome?.intent === "invite" ? outcome : undefined} postTo={postTo} />
      <section className="rt-stack" aria-labelledby="invitations-heading">
        <Heading level={2} appearance="utrecht-heading-3" id="invitations-heading">
          {t("invite.listTitle")}
        </Heading>
        <StatusMessage focusKey={done?.at}>{done ? t(done.intent === "resend" ? "invite.resent" : "invite.revoked", { email: done.email }) : null}</StatusMessage>
        {data.invitations.length === 0 ? (
          <Paragraph className="rt-muted">{t("invite.listEmpty")}</Paragraph>
        ) : (
          <div className="rt-card rt-card--flush rt-table-scroll" tabIndex={0}>
            <Table className="rt-table">
              <TableCaption className="rt-visually-hidden">{t("invite.caption", { name: workspaceName })}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t("invite.email")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("invite.organisation")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("invite.role")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("invite.state")}</TableHeaderCell>
                  <TableHeaderCell scope="col">
                    <span className="rt-visually-hidden">{t("invite.actions")}</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.invitations.map((invitation) => (
                  <InvitationRow
                    key={invitation.id}
                    invitation={invitation}
                    postTo={postTo}
                    error={outcome && !outcome.ok && outcome.intent !== "invite" && outcome.invitationId === invitation.id ? outcome.error.message : null}
                  />
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
    </>
  );
}

function stateText(t: ReturnType<typeof useT>, locale: ReturnType<typeof useLocale>, invitation: InvitationListItem): string {
  const at = invitation.state === "ACCEPTED" ? invitation.acceptedAt : invitation.state === "REVOKED" ? invitation.revokedAt : invitation.expiresAt;
  return t(`invite.state.${invitation.state}`, { date: at ? formatDateTime(at, locale) : "?" });
}

function InvitationRow({ invitation, postTo, error }: { invitation: InvitationListItem; postTo: string; error: string | null }) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const posting = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent && navigation.formData.get("invitationId") === invitation.id;
  const { confirming, open, close } = useConfirmParam(REVOKE_PARAM, invitation.id);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const revokeRef = useRef<HTMLAnchorElement>(null);
  useFocusOnToggle(confirming, { opened: confirmRef, closed: revokeRef });
  return (
    <TableRow id={`uitnodiging-${invitation.id}`}>
      <TableHeaderCell scope="row">
        <span className="rt-break">{invitation.email}</span>
        {invitation.invitedBy && (
          <span className="rt-block rt-muted rt-small">{t("invite.sentBy", { date: formatDateTime(invitation.lastSentAt, locale), name: invitation.invitedBy })}</span>
        )}
      </TableHeaderCell>
      <TableCell>{invitation.organisation}</TableCell>
      <TableCell>{t(`role.${invitation.role}`)}</TableCell>
      <TableCell>{stateText(t, locale, invitation)}</TableCell>
      <TableCell className="rt-actions-cell">
        {invitation.open &&
          (confirming ? (
            <ConfirmStep
              questionId={`revoke-${invitation.id}`}
              question={t("invite.revokeConfirm", { email: invitation.email })}
              action={postTo}
              fields={{ intent: "revoke", invitationId: invitation.id }}
              yesLabel={t("invite.revokeYes")}
              busy={posting("revoke")}
              cancelTo={`?${close}`}
              confirmRef={confirmRef}
            />
          ) : (
            <div className="rt-inline-form">
              <Form method="post" action={postTo} preventScrollReset>
                <input type="hidden" name="intent" value="resend" />
                <input type="hidden" name="invitationId" value={invitation.id} />
                <Button type="submit" appearance="secondary-action-button" busy={posting("resend")}>
                  {t("invite.resend")}
                  <span className="rt-visually-hidden"> ({t("invite.resendFor", { email: invitation.email })})</span>
                </Button>
              </Form>
              <Link ref={revokeRef} to={`?${open}`} replace preventScrollReset className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--subtle">
                {t("invite.revoke")}
                <span className="rt-visually-hidden"> ({t("invite.resendFor", { email: invitation.email })})</span>
              </Link>
            </div>
          ))}
        {error && (
          <p role="alert" className="rt-field-error rt-row-error">
            {error}
          </p>
        )}
      </TableCell>
    </TableRow>
  );
}

const NEW_INVITATION = { emails: "", organisationId: "", role: "EDITOR", locale: "nl" };

function InviteForm({ organisations, outcome, postTo }: { organisations: InvitationsData["organisations"]; outcome: InvitationOutcome | undefined; postTo: string }) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "invite";
  const failed = outcome && !outcome.ok ? outcome : undefined;
  const sent = outcome?.ok && outcome.intent === "invite" ? outcome : undefined;
  const [form, fields] = useRecordForm("invite", failed?.reply, NEW_INVITATION);
  const typed = keptValues(form.initialValue, NEW_INVITATION);
  const org = fieldIds({ ...conformField(fields.organisationId), label: "", description: t("invite.organisationHint") });
  const report = sent
    ? [
        sent.invited.length > 0 ? countText(t, locale, "invite.sent", sent.invited.length) : null,
        sent.renewed.length > 0 ? t("invite.renewed", { list: sent.renewed.join(", ") }) : null,
        sent.alreadyMembers.length > 0 ? t("invite.alreadyMembers", { list: sent.alreadyMembers.join(", ") }) : null,
        sent.duplicates.length > 0 ? t("invite.duplicates", { list: sent.duplicates.join(", ") }) : null,
      ].filter((line): line is string => line !== null)
    : [];
  return (
    <section className="rt-card rt-stack" aria-labelledby="invite-heading">
      <div>
        <Heading level={2} appearance="utrecht-heading-3" id="invite-heading">
          {t("invite.title")}
        </Heading>
        <Paragraph className="rt-muted rt-tight">{t("invite.intro", { days: INVITATION_VALID_DAYS })}</Paragraph>
      </div>
      <StatusMessage focusKey={sent?.at}>
        {report.length > 0 ? (
          <>
            {report.map((line) => (
              <Paragraph key={line}>{line}</Paragraph>
            ))}
          </>
        ) : null}
      </StatusMessage>
      <ErrorAlert>{formMessage(form)}</ErrorAlert>
      {/* A fresh form after each invitation, so the next one starts empty. */}
      <Form id={form.id} method="post" action={postTo} preventScrollReset noValidate key={sent?.at ?? "form"} className="rt-stack" aria-labelledby="invite-heading">
        <input type="hidden" name="intent" value="invite" />
        <TextAreaField
          {...conformField(fields.emails)}
          label={t("invite.emails")}
          description={t("invite.emailsHint", { max: INVITATION_MAX_ADDRESSES })}
          defaultValue={typed.emails}
          rows={4}
          required
        />
        <FormField type="select" invalid={org.invalid}>
          <div className="utrecht-form-field__label">
            <FormLabel htmlFor={org.id}>{t("invite.organisation")}</FormLabel>
          </div>
          <FormFieldDescription id={org.descriptionId}>{t("invite.organisationHint")}</FormFieldDescription>
          <FieldError id={`${org.id}-error`} messages={fields.organisationId.errors} />
          <div className="utrecht-form-field__input">
            <Select id={org.id} name={fields.organisationId.name} defaultValue={typed.organisationId} invalid={org.invalid} aria-describedby={org.describedBy} required>
              <SelectOption value="">{t("invite.organisationChoose")}</SelectOption>
              <optgroup label={t("invite.organisationsWorkspace")}>
                {organisations.workspace.map((o) => (
                  <SelectOption key={o.id} value={o.id}>
                    {o.name}
                  </SelectOption>
                ))}
              </optgroup>
              <optgroup label={t("invite.organisationsOther")}>
                {organisations.other.map((o) => (
                  <SelectOption key={o.id} value={o.id}>
                    {o.name}
                  </SelectOption>
                ))}
              </optgroup>
            </Select>
          </div>
        </FormField>
        <SelectField {...conformField(fields.role)} label={t("invite.role")} description={t("role.help")} defaultValue={typed.role} options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
        <SelectField {...conformField(fields.locale)} label={t("invite.locale")} defaultValue={typed.locale} options={LOCALES.map((l) => ({ value: l, label: t(`invite.locale.${l}`) }))} />
        <div>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {busy ? t("invite.busy") : t("invite.submit")}
          </Button>
        </div>
      </Form>
    </section>
  );
}
