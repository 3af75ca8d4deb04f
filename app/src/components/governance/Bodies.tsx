import { Form } from "@remix-run/react";
import { Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { GOVERNANCE_BODY_KINDS } from "@regiotafel/domain";
import { StatusMessage } from "~/components/Feedback";
import { SelectField, TextField } from "~/components/FormFields";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { useFormEditSession } from "~/components/records/edit-session";
import { Empty } from "~/components/records/Empty";
import { TextAreaField } from "~/components/records/Fields";
import { FormActions } from "~/components/records/FormActions";
import { HiddenFields } from "~/components/records/HiddenFields";
import { useBusy, useFailure, useFormOutcome, useOutcome } from "~/components/records/outcome";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { formatMemberLines, lineMessages, type BodyFormValues } from "~/lib/governance";
import { useT } from "~/i18n/use-t";
import { FormDisclosure, GovernanceRemove } from "./Controls";
import type { Body, Unit } from "./GovernanceUnit";
import { unitKey } from "./GovernanceUnit";

/** The query parameter that opens the remove confirmation of a body. */
const CONFIRM_PARAM = "orgaan-verwijderen";

/** A unit's bodies (stuurgroep, regiegroep, …) with their members; coordinators add, change and remove them. */
export function Bodies({ unit, anchor }: { unit: Unit; anchor: string }) {
  const t = useT();
  const outcome = useOutcome();
  const headingId = `${anchor}-bodies`;
  const bodies = unit.model?.bodies ?? [];
  const removed = outcome?.ok && outcome.intent === "removeBody" && outcome.formKey.startsWith(`removeBody:${unitKey(unit)}:`) ? outcome : undefined;
  return (
    <section className="rt-stack" aria-labelledby={headingId}>
      <Heading level={3} appearance="utrecht-heading-4" id={headingId}>
        {t("governance.bodies")}
      </Heading>
      <StatusMessage>{removed ? t("governance.body.removed", { name: removed.name ?? "" }) : null}</StatusMessage>
      {bodies.length === 0 ? (
        <Paragraph className="rt-empty">{t("governance.bodies.empty")}</Paragraph>
      ) : (
        <ul className="rt-gov-bodies">
          {bodies.map((body) => (
            <li key={body.id}>
              <BodyCard unit={unit} body={body} />
            </li>
          ))}
        </ul>
      )}
      {unit.canEdit && (unit.model ? <AddBody unit={unit} modelId={unit.model.id} anchor={anchor} /> : <Paragraph className="rt-muted">{t("governance.bodies.needModel")}</Paragraph>)}
    </section>
  );
}

function BodyCard({ unit, body }: { unit: Unit; body: Body }) {
  const t = useT();
  const formKey = `body:${body.id}`;
  const outcome = useFormOutcome(formKey);
  const headingId = `body-${body.id}`;
  return (
    <article className="rt-gov-body rt-stack" aria-labelledby={headingId}>
      <div className="rt-gov-body__header">
        <Heading level={4} appearance="utrecht-heading-5" id={headingId}>
          {body.name}
        </Heading>
        <span className="rt-badge rt-badge--role">{t(`code.${body.kind}`)}</span>
      </div>
      {body.members.length === 0 ? (
        <Paragraph className="rt-muted rt-small">{t("governance.members.empty")}</Paragraph>
      ) : (
        <div className="rt-table-scroll" tabIndex={0}>
          <Table className="rt-table rt-table--compact">
            <TableCaption className="rt-visually-hidden">{t("governance.members.caption", { name: body.name })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("governance.member.name")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("governance.member.role")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("governance.member.organisation")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {body.members.map((m, i) => (
                <TableRow key={i}>
                  <TableHeaderCell scope="row">{m.name}</TableHeaderCell>
                  <TableCell>{m.role || <Empty />}</TableCell>
                  <TableCell>{m.organisation || <Empty />}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <StatusMessage>{outcome?.ok ? t("governance.body.saved", { name: body.name }) : null}</StatusMessage>
      {unit.canEdit && (
        <div className="rt-gov-body__actions">
          <FormDisclosure formKey={formKey} name={body.name}>
            <BodyForm
              formKey={formKey}
              intent="updateBody"
              hidden={{ bodyId: body.id }}
              stored={body}
              version={body.version}
              formId={`body-${body.id}-edit`}
              submitLabel={t("common.save")}
              label={t("governance.body.editLabel", { name: body.name })}
            />
          </FormDisclosure>
          <GovernanceRemove
            param={CONFIRM_PARAM}
            id={body.id}
            name={body.name}
            question={t("governance.body.removeConfirm", { name: body.name })}
            intent="removeBody"
            formKey={`removeBody:${unitKey(unit)}:${body.id}`}
            fields={{ bodyId: body.id, name: body.name }}
          />
        </div>
      )}
    </article>
  );
}

function AddBody({ unit, modelId, anchor }: { unit: Unit; modelId: string; anchor: string }) {
  const t = useT();
  const formKey = `addBody:${unitKey(unit)}`;
  const outcome = useFormOutcome(formKey);
  const added = outcome?.ok ? outcome : undefined;
  return (
    <>
      <StatusMessage>{added ? t("governance.body.added", { name: added.name ?? "" }) : null}</StatusMessage>
      <FormDisclosure formKey={formKey} summary={t("governance.body.add")}>
        <BodyForm
          formKey={formKey}
          intent="addBody"
          hidden={{ modelId }}
          stored={{ kind: "STUURGROEP", name: "", members: [] }}
          formId={`${anchor}-add-body`}
          submitLabel={t("governance.body.addSubmit")}
          label={t("governance.body.add")}
        />
      </FormDisclosure>
    </>
  );
}

function BodyForm({
  formKey,
  intent,
  hidden,
  stored,
  version,
  formId,
  submitLabel,
  label,
}: {
  formKey: string;
  intent: "addBody" | "updateBody";
  hidden: Record<string, string>;
  stored: Pick<Body, "kind" | "name" | "members">;
  version?: number;
  /** The form's id, unique on the page; its fields' ids start with it. */
  formId: string;
  submitLabel: string;
  label: string;
}) {
  const t = useT();
  const failure = useFailure(formKey);
  const busy = useBusy(formKey);
  const session = useFormEditSession<BodyFormValues, number | null>(formKey, {
    version: version ?? null,
    values: { name: stored.name, kind: stored.kind, members: formatMemberLines(stored.members) },
  });
  const [form, fields] = useRecordForm<BodyFormValues>(formId, failure?.reply);
  const fixed = { intent, formKey, ...hidden, ...(version === undefined ? {} : { version: session.version ?? "" }) };
  const members = lineMessages(fields.members.allErrors, "members", session.values.members, (line) => t("governance.line", { line }));
  return (
    <Form id={form.id} method="post" preventScrollReset noValidate className="rt-stack rt-gov-form" key={session.key} onChange={session.onEdit} aria-label={label}>
      <HiddenFields fields={fixed} />
      <RefusalAlert stale={failure?.conflict} formError={formMessage(form, fixed)} />
      <div className="rt-form-row">
        <TextField {...conformField(fields.name)} label={t("governance.body.name")} defaultValue={session.values.name} required maxLength={200} />
        <SelectField
          {...conformField(fields.kind)}
          label={t("governance.body.kind")}
          defaultValue={session.values.kind}
          options={GOVERNANCE_BODY_KINDS.map((k) => ({ value: k, label: t(`code.${k}`) }))}
        />
      </div>
      <TextAreaField
        {...conformField(fields.members)}
        errors={members}
        label={t("governance.body.members")}
        description={t("governance.body.members.hint")}
        defaultValue={session.values.members}
        rows={5}
      />
      <FormActions busy={busy} label={submitLabel} />
    </Form>
  );
}
