import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import {
  Alert,
  Button,
  FormField,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react";
import { ROLES, type Role } from "@regiotafel/domain";
import { TextField } from "~/components/FormFields";
import { FieldError } from "~/components/FieldError";
import { mutate } from "~/lib/api.server";
import { useWorkspace, type WorkspaceOverview } from "~/lib/workspace";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "Leden — Regiotafel" }];

type Outcome =
  | { intent: "add"; email: string; role: string }
  | { intent: "changeRole"; name: string; role: string }
  | { intent: "remove"; name: string; email: string; role: string }
  | { intent: "undo"; name: string };

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "");
  const workspace = params.workspace ?? "";
  const intent = text("intent");
  const fail = (error: Awaited<ReturnType<typeof mutate>> & { ok: false }) =>
    data({ ok: false as const, intent, error: error.error, email: text("email") }, { status: error.error.httpStatus });

  if (intent === "add" || intent === "undo") {
    const role = text("role") as Role;
    const result = await mutate(context, () => context.api.member.add({ workspace, email: text("email"), role }));
    if (!result.ok) return fail(result);
    const outcome: Outcome = intent === "add" ? { intent, email: text("email"), role } : { intent, name: text("name") };
    return { ok: true as const, outcome };
  }
  if (intent === "changeRole") {
    const role = text("role") as Role;
    const result = await mutate(context, () => context.api.member.changeRole({ workspace, userId: text("userId"), role }));
    if (!result.ok) return fail(result);
    return { ok: true as const, outcome: { intent, name: result.data.name, role } satisfies Outcome };
  }
  if (intent === "remove") {
    const result = await mutate(context, () => context.api.member.remove({ workspace, userId: text("userId") }));
    if (!result.ok) return fail(result);
    const { name, email, role } = result.data;
    return { ok: true as const, outcome: { intent, name, email, role } satisfies Outcome };
  }
  throw new Response("Onbekende actie", { status: 400 });
}

export default function Members() {
  const overview = useWorkspace();
  const t = useT();
  const result = useActionData<typeof action>();
  const isAdmin = overview.me.role === "ADMIN";
  return (
    <div className="rt-stack">
      <Heading level={2}>{t("members.title")}</Heading>
      <Paragraph>{t("members.intro")}</Paragraph>
      <Feedback />
      {result && !result.ok && result.intent !== "add" && (
        <Alert type="error" role="alert">
          <Paragraph>{result.error.message}</Paragraph>
        </Alert>
      )}
      <div className="rt-table-scroll">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("members.name")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("members.email")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("members.organisation")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("members.role")}</TableHeaderCell>
              {isAdmin && <TableHeaderCell scope="col">{t("members.actions")}</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {overview.members.map((m) => (
              <MemberRow key={m.userId} member={m} isAdmin={isAdmin} isMe={m.userId === overview.me.userId} />
            ))}
          </TableBody>
        </Table>
      </div>
      {isAdmin && <AddMemberForm />}
    </div>
  );
}

function Feedback() {
  const t = useT();
  const result = useActionData<typeof action>();
  if (!result?.ok) return null;
  const o = result.outcome;
  if (o.intent === "remove") {
    return (
      <Alert type="ok" role="status">
        <div className="rt-actions">
          <Paragraph>{t("members.removed", { name: o.name })}</Paragraph>
          <Form method="post">
            <input type="hidden" name="intent" value="undo" />
            <input type="hidden" name="email" value={o.email} />
            <input type="hidden" name="role" value={o.role} />
            <input type="hidden" name="name" value={o.name} />
            <Button type="submit" appearance="secondary-action-button">
              {t("members.undo")}
            </Button>
          </Form>
        </div>
      </Alert>
    );
  }
  const message =
    o.intent === "add"
      ? t("members.added", { email: o.email, role: t(`role.${o.role}`) })
      : o.intent === "changeRole"
        ? t("members.roleSaved", { name: o.name, role: t(`role.${o.role}`) })
        : t("members.restored", { name: o.name });
  return (
    <Alert type="ok" role="status">
      <Paragraph>{message}</Paragraph>
    </Alert>
  );
}

function MemberRow({ member, isAdmin, isMe }: { member: WorkspaceOverview["members"][number]; isAdmin: boolean; isMe: boolean }) {
  const t = useT();
  const navigation = useNavigation();
  const [confirming, setConfirming] = useState(false);
  const busy = navigation.state === "submitting" && navigation.formData?.get("userId") === member.userId;
  const selectId = `role-${member.userId}`;
  return (
    <TableRow>
      <TableHeaderCell scope="row">
        {member.name} {isMe && <span className="rt-muted">{t("members.you")}</span>}
      </TableHeaderCell>
      <TableCell>{member.email}</TableCell>
      <TableCell>{member.organisation}</TableCell>
      <TableCell>{isAdmin ? <RoleSelectForm member={member} selectId={selectId} busy={busy} /> : t(`role.${member.role}`)}</TableCell>
      {isAdmin && (
        <TableCell>
          {confirming ? (
            <Form method="post" className="rt-actions" onSubmit={() => setConfirming(false)}>
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="userId" value={member.userId} />
              <span>{t("members.removeConfirm", { name: member.name })}</span>
              <Button type="submit" appearance="primary-action-button" hint="danger" autoFocus>
                {t("members.removeYes")}
              </Button>
              <Button type="button" appearance="subtle-button" onClick={() => setConfirming(false)}>
                {t("common.cancel")}
              </Button>
            </Form>
          ) : (
            <Button type="button" appearance="secondary-action-button" onClick={() => setConfirming(true)} aria-label={`${t("members.remove")}: ${member.name}`}>
              {t("members.remove")}
            </Button>
          )}
        </TableCell>
      )}
    </TableRow>
  );
}

function RoleSelectForm({ member, selectId, busy }: { member: WorkspaceOverview["members"][number]; selectId: string; busy: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="rt-inline-form">
      <input type="hidden" name="intent" value="changeRole" />
      <input type="hidden" name="userId" value={member.userId} />
      <label htmlFor={selectId} className="rt-visually-hidden">
        {t("members.roleFor", { name: member.name })}
      </label>
      <Select id={selectId} name="role" defaultValue={member.role} key={member.role}>
        {ROLES.map((role) => (
          <SelectOption key={role} value={role}>
            {t(`role.${role}`)}
          </SelectOption>
        ))}
      </Select>
      <Button type="submit" appearance="secondary-action-button" busy={busy} disabled={busy}>
        {t("members.saveRole")}
      </Button>
    </Form>
  );
}

function AddMemberForm() {
  const t = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "add";
  const failed = result && !result.ok && result.intent === "add" ? result : undefined;
  const errors = failed?.error.fieldErrors ?? {};
  return (
    <section className="rt-card rt-stack" aria-labelledby="add-member-heading">
      <Heading level={3} id="add-member-heading">
        {t("members.add")}
      </Heading>
      <Paragraph>{t("members.addIntro")}</Paragraph>
      {failed && !failed.error.fieldErrors && (
        <Alert type="error" role="alert">
          <Paragraph>{failed.error.message}</Paragraph>
        </Alert>
      )}
      <Form method="post" className="rt-stack" noValidate key={result?.ok ? "added" : "form"}>
        <input type="hidden" name="intent" value="add" />
        <div className="rt-form-row">
          <TextField name="email" type="email" idPrefix="add-" label={t("members.email")} defaultValue={failed?.email} errors={errors.email} autoComplete="off" required />
          <FormField type="select">
            <div className="utrecht-form-field__label">
              <FormLabel htmlFor="add-role">{t("members.role")}</FormLabel>
            </div>
            <FieldError id="add-role-error" messages={errors.role} />
            <div className="utrecht-form-field__input">
              <Select id="add-role" name="role" defaultValue="VIEWER">
                {ROLES.map((role) => (
                  <SelectOption key={role} value={role}>
                    {t(`role.${role}`)}
                  </SelectOption>
                ))}
              </Select>
            </div>
          </FormField>
        </div>
        <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
          {t("members.add")}
        </Button>
      </Form>
    </section>
  );
}
