import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import {
  Button,
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
import { describeError, hasRole, invitationOperations, ROLES, workspaceOperations } from "@regiotafel/domain";
import { Invitations, type InvitationOutcome, type InvitationsData } from "~/components/members/Invitations";
import { SelectField, TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { RemoveControl, useConfirmParam } from "~/components/records/RemoveControl";
import { requireUser } from "~/lib/api.server";
import { keptValues } from "~/lib/edit-merge";
import { formText } from "~/lib/forms";
import { readIntentOf } from "~/lib/record-actions.server";
import { submitForm } from "~/lib/submission.server";
import { countText } from "~/lib/format";
import { useHydrated } from "~/lib/use-hydrated";
import { useWorkspace, type WorkspaceHandle, type WorkspaceMember } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import { workspacePageTitle } from "~/lib/meta";
import { withNotice } from "~/lib/notice";

export const handle: WorkspaceHandle = { crumb: "ws.nav.members" };

export const meta: MetaFunction = ({ matches }) => [{ title: workspacePageTitle(matches, "title.members") }];

/** The query parameter that opens the remove confirmation for one member (works without JavaScript). */
const CONFIRM_PARAM = "verwijderen";

/** What the page's forms change, by their `intent` field; each form is read with its operation's contract. */
const INTENTS = {
  add: (context: AppLoadContext, form: FormData, workspace: string) =>
    submitForm(context, workspaceOperations.addMember, form, { workspace }, async (input) => {
      const added = await context.api.member.add(input);
      return { userId: added.userId, name: formText(form, "name"), email: input.email, role: input.role };
    }),
  changeRole: (context: AppLoadContext, form: FormData, workspace: string) =>
    submitForm(context, workspaceOperations.changeMemberRole, form, { workspace }, async (input) => {
      const changed = await context.api.member.changeRole(input);
      return { userId: input.userId, name: changed.name, email: changed.email, role: input.role };
    }),
  remove: (context: AppLoadContext, form: FormData, workspace: string) =>
    submitForm(context, workspaceOperations.removeMember, form, { workspace }, async (input) => {
      const { name, email, role } = await context.api.member.remove(input);
      return { userId: input.userId, name, email, role };
    }),
};
/** Undo of a removal: the removed member added again with their former role. */
const ACTIONS = { ...INTENTS, undo: INTENTS.add };

/** Invitations (ADR 0023): their forms post here too, each read with its contract. */
const INVITATION_INTENTS = {
  invite: (context: AppLoadContext, form: FormData, workspace: string) =>
    submitForm(context, invitationOperations.createInvitations, form, { workspace }, (input) => context.api.invitation.create(input)),
  resend: (context: AppLoadContext, form: FormData, workspace: string) =>
    submitForm(context, invitationOperations.resendInvitation, form, { workspace }, async (input) => {
      const { id, email } = await context.api.invitation.resend(input);
      return { id, email };
    }),
  revoke: (context: AppLoadContext, form: FormData, workspace: string) =>
    submitForm(context, invitationOperations.revokeInvitation, form, { workspace }, (input) => context.api.invitation.revoke(input)),
};

/** The invitations and the organisations to choose, for admins; null for everyone else. */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  try {
    const data: InvitationsData = await context.api.invitation.list({ workspace: params.workspace ?? "" });
    return { invitations: data };
  } catch (error) {
    // Not an admin: no invitations to show (the layout route answers NOT_FOUND for non-members).
    if (describeError(error, context.locale).code === "FORBIDDEN") return { invitations: null };
    throw error;
  }
}

async function invitationAction(context: AppLoadContext, form: FormData, workspace: string, intent: keyof typeof INVITATION_INTENTS, at: number) {
  const result = await INVITATION_INTENTS[intent](context, form, workspace);
  const invitationId = formText(form, "invitationId");
  if (!result.ok) {
    const outcome: InvitationOutcome = { ok: false, intent, at, invitationId, error: { message: result.error.message }, reply: result.reply };
    return data({ ok: false as const, intent, userId: "", error: result.error, reply: result.reply, at, invitation: outcome }, { status: result.error.httpStatus });
  }
  const outcome: InvitationOutcome =
    intent === "invite" ? { ok: true, intent, at, ...(result.data as { invited: string[]; renewed: string[]; alreadyMembers: string[]; duplicates: string[] }) } : { ok: true, intent, at, ...(result.data as { id: string; email: string }) };
  return data({ ok: true as const, intent, userId: "", at, invitation: outcome });
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const { form, intent: posted, at } = await readIntentOf(request, { ...ACTIONS, ...INVITATION_INTENTS });
  if (Object.hasOwn(INVITATION_INTENTS, posted)) return invitationAction(context, form, params.workspace ?? "", posted as keyof typeof INVITATION_INTENTS, at);
  const intent = posted as keyof typeof ACTIONS;
  const result = await ACTIONS[intent](context, form, params.workspace ?? "");
  // The row that posted (role and removal forms show their refusal in the row).
  const userId = formText(form, "userId");
  if (!result.ok) return data({ ok: false as const, intent, userId, error: result.error, reply: result.reply, at }, { status: result.error.httpStatus });
  // Someone who removed themselves can no longer see this workspace.
  if (intent === "remove" && result.data.userId === user.id) throw redirect(withNotice("/", "verlaten"));
  return { ok: true as const, intent, at, ...result.data };
}

type ActionResult = ReturnType<typeof useActionData<typeof action>>;

const rowId = (userId: string) => `lid-${userId}`;

/**
 * Where a row's forms post to. Without JavaScript the page reloads after each post; the
 * fragment brings the user back to the row they acted on. With JavaScript the page stays put.
 */
function useRowTarget(path: string, userId: string): string {
  return useHydrated() ? path : `${path}#${rowId(userId)}`;
}

export default function Members() {
  const overview = useWorkspace();
  const t = useT();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const { invitations } = useLoaderData<typeof loader>();
  const invitationOutcome = result && "invitation" in result ? (result.invitation as InvitationOutcome) : undefined;
  // Adding, changing and removing members share one role (their contracts).
  const isAdmin = hasRole(workspaceOperations.addMember, overview.me);
  const membersPath = `/w/${overview.slug}/leden`;
  return (
    <div className="rt-stack rt-stack--loose">
      <div>
        <Heading level={1}>{t("members.title")}</Heading>
        <Paragraph className="rt-muted rt-tight">
          {t(isAdmin ? "members.introAdmin" : "members.intro")} {countText(t, locale, "ws.memberCount", overview.members.length)}
        </Paragraph>
      </div>
      {isAdmin && <RemovalFeedback result={result} postTo={membersPath} />}
      {isAdmin && <AddMemberForm postTo={membersPath} />}
      {isAdmin && invitations && <Invitations data={invitations} outcome={invitationOutcome} postTo={membersPath} workspaceName={overview.name} />}
      <div className="rt-card rt-card--flush rt-table-scroll" tabIndex={0}>
        <Table className="rt-table rt-table--members">
          <TableCaption className="rt-visually-hidden">{t("members.caption", { name: overview.name })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("members.nameAndEmail")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("members.organisation")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("members.role")}</TableHeaderCell>
              {isAdmin && (
                <TableHeaderCell scope="col">
                  <span className="rt-visually-hidden">{t("members.actions")}</span>
                </TableHeaderCell>
              )}
            </TableRow>
          </TableHeader>
          <TableBody>
            {overview.members.map((m) => (
              <MemberRow
                key={m.userId}
                member={m}
                isAdmin={isAdmin}
                isMe={m.userId === overview.me.userId}
                postTo={membersPath}
                result={result && result.userId === m.userId && (result.intent === "changeRole" || result.intent === "remove") ? result : undefined}
              />
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}

/** After a removal: who was removed, with an undo button that adds them back with their former role. */
function RemovalFeedback({ result, postTo }: { result: ActionResult; postTo: string }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "undo";
  const done = result?.ok && (result.intent === "remove" || result.intent === "undo") ? result : undefined;
  const undoFailed = result && !result.ok && result.intent === "undo" ? result : undefined;
  let message: ReactNode = null;
  if (done?.intent === "remove") {
    message = (
      <div className="rt-alert-row">
        <Paragraph>{t("members.removed", { name: done.name })}</Paragraph>
        <Form method="post" action={postTo} preventScrollReset>
          <input type="hidden" name="intent" value="undo" />
          <input type="hidden" name="email" value={done.email} />
          <input type="hidden" name="role" value={done.role} />
          <input type="hidden" name="name" value={done.name} />
          <Button type="submit" appearance="secondary-action-button" busy={busy}>
            {t("members.undo")}
            <span className="rt-visually-hidden"> ({t("members.undoHint", { name: done.name })})</span>
          </Button>
        </Form>
      </div>
    );
  } else if (done?.intent === "undo") {
    message = t("members.restored", { name: done.name || done.email, role: t(`role.${done.role}`) });
  }
  return (
    <>
      <StatusMessage focusKey={done?.at}>{message}</StatusMessage>
      <ErrorAlert>{undoFailed?.error.message}</ErrorAlert>
    </>
  );
}

function MemberRow({
  member,
  isAdmin,
  isMe,
  postTo,
  result,
}: {
  member: WorkspaceMember;
  isAdmin: boolean;
  isMe: boolean;
  postTo: string;
  result: ActionResult | undefined;
}) {
  const t = useT();
  return (
    <TableRow id={rowId(member.userId)}>
      <TableHeaderCell scope="row">
        {member.name}
        {isMe && <span className="rt-muted rt-you"> {t("members.you")}</span>}
        <span className="rt-block rt-muted rt-small rt-break rt-member-email">{member.email}</span>
      </TableHeaderCell>
      <TableCell>{member.organisation}</TableCell>
      <TableCell>{isAdmin ? <RoleForm member={member} postTo={postTo} result={result?.intent === "changeRole" ? result : undefined} /> : t(`role.${member.role}`)}</TableCell>
      {isAdmin && (
        <TableCell className="rt-actions-cell">
          <RemoveMember member={member} postTo={postTo} result={result?.intent === "remove" ? result : undefined} />
        </TableCell>
      )}
    </TableRow>
  );
}

function RoleForm({ member, postTo, result }: { member: WorkspaceMember; postTo: string; result: ActionResult | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "changeRole" && navigation.formData.get("userId") === member.userId;
  const selectId = `role-${member.userId}`;
  const errorId = `${selectId}-error`;
  const failed = result && !result.ok ? result : undefined;
  const target = useRowTarget(postTo, member.userId);
  return (
    <Form method="post" action={target} preventScrollReset className="rt-role-form">
      <input type="hidden" name="intent" value="changeRole" />
      <input type="hidden" name="userId" value={member.userId} />
      <div className="rt-inline-form">
        <label htmlFor={selectId} className="rt-visually-hidden">
          {t("members.roleFor", { name: member.name })}
        </label>
        {/* Re-mounted after each outcome, so it always shows the role actually stored. */}
        <Select
          id={selectId}
          name="role"
          defaultValue={member.role}
          key={`${member.role}-${result?.at ?? ""}`}
          invalid={Boolean(failed)}
          aria-describedby={failed ? errorId : undefined}
        >
          {ROLES.map((role) => (
            <SelectOption key={role} value={role}>
              {t(`role.${role}`)}
            </SelectOption>
          ))}
        </Select>
        <Button type="submit" appearance="secondary-action-button" busy={busy}>
          {t("common.save")}
          <span className="rt-visually-hidden"> {t("members.roleFor", { name: member.name })}</span>
        </Button>
      </div>
      <div role="status" className="rt-row-status">
        {result?.ok && t("members.roleSaved")}
      </div>
      {failed && (
        <p role="alert" id={errorId} className="rt-field-error rt-row-error">
          {failed.error.message}
        </p>
      )}
    </Form>
  );
}

/** Remove in two steps (RemoveControl): "Verwijderen" opens a confirmation in the row. */
function RemoveMember({ member, postTo, result }: { member: WorkspaceMember; postTo: string; result: ActionResult | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const { confirming, open, close } = useConfirmParam(CONFIRM_PARAM, member.userId);
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "remove" && navigation.formData.get("userId") === member.userId;
  const failed = result && !result.ok ? result : undefined;
  const target = useRowTarget(postTo, member.userId);
  const hash = target.includes("#") ? `#${rowId(member.userId)}` : "";
  return (
    <RemoveControl
      confirming={confirming}
      to={`?${open}${hash}`}
      name={member.name}
      questionId={`confirm-${member.userId}`}
      question={t("members.removeConfirm", { name: member.name })}
      action={target}
      fields={{ intent: "remove", userId: member.userId }}
      yesLabel={t("members.removeYes")}
      busy={busy}
      cancelTo={`?${close}${hash}`}
      error={failed?.error.message}
    />
  );
}

/** The add form as it starts: an address to fill in, the lowest role. */
const NEW_MEMBER = { email: "", role: "VIEWER" };

function AddMemberForm({ postTo }: { postTo: string }) {
  const t = useT();
  const overview = useWorkspace();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "add";
  const failed = result && !result.ok && result.intent === "add" ? result : undefined;
  const added = result?.ok && result.intent === "add" ? result : undefined;
  const [form, fields] = useRecordForm("add-member", failed?.reply, NEW_MEMBER);
  const typed = keptValues(form.initialValue, NEW_MEMBER);
  const addedName = added ? (overview.members.find((m) => m.userId === added.userId)?.name ?? added.email) : "";
  return (
    <section className="rt-card rt-stack" aria-labelledby="add-member-heading">
      <div>
        <Heading level={2} appearance="utrecht-heading-3" id="add-member-heading">
          {t("members.add")}
        </Heading>
        <Paragraph className="rt-muted rt-tight">{t("members.addIntro")}</Paragraph>
      </div>
      <StatusMessage focusKey={added?.at}>{added ? t("members.added", { name: addedName, role: t(`role.${added.role}`) }) : null}</StatusMessage>
      <ErrorAlert>{formMessage(form)}</ErrorAlert>
      {/* A fresh form after each addition, so the next one starts empty. */}
      <Form id={form.id} method="post" action={postTo} preventScrollReset noValidate key={added?.at ?? "form"} className="rt-add-form" aria-labelledby="add-member-heading">
        <input type="hidden" name="intent" value="add" />
        <TextField {...conformField(fields.email)} type="email" label={t("members.email")} defaultValue={typed.email} autoComplete="off" required />
        <SelectField
          {...conformField(fields.role)}
          label={t("members.role")}
          description={t("role.help")}
          defaultValue={typed.role}
          options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        />
        <div>
          <Button type="submit" appearance="primary-action-button" busy={busy}>
            {t("members.addSubmit")}
          </Button>
        </div>
      </Form>
    </section>
  );
}
