import { Form, useLocation, useSearchParams } from "@remix-run/react";
import { Button, Link, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { SelectField, TextField } from "~/components/FormFields";
import { ActionsHeaderCell } from "~/components/records/ActionsHeaderCell";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { Empty } from "~/components/records/Empty";
import { DateField, TextAreaField } from "~/components/records/Fields";
import { FormActions } from "~/components/records/FormActions";
import { HiddenFields } from "~/components/records/HiddenFields";
import { useBusy, useFailure, useFormOutcome, useOutcome } from "~/components/records/outcome";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { UndoForm } from "~/components/records/UndoForm";
import { countText } from "~/lib/format";
import { keptValues } from "~/lib/edit-merge";
import { errorMessages } from "~/lib/forms";
import { BODY_PARAM, filterDecisions, formatDay, formatDocumentLines, lineMessages, readDecisionFilter, REGION_PARAM, WHOLE_WORKSPACE, type DecisionFormValues } from "~/lib/governance";
import { useLocale, useT } from "~/i18n/use-t";
import { FormDisclosure, GovernanceRemove, MultilineText } from "./Controls";
import type { Decision, Unit } from "./GovernanceUnit";
import { unitKey } from "./GovernanceUnit";

/** The query parameter that opens the remove confirmation of a decision. */
const CONFIRM_PARAM = "besluit-verwijderen";

/** A new decision's form: nothing filled in. */
const EMPTY_DECISION: DecisionFormValues = { date: "", bodyId: "", title: "", decision: "", documents: "" };

/** Records a decision of one unit, taken by one of its bodies. Conform owns its values: empty, or what a refused post kept. */
export function AddDecision({ unit, anchor }: { unit: Unit; anchor: string }) {
  const t = useT();
  const formKey = `decision:${unitKey(unit)}`;
  const outcome = useFormOutcome(formKey);
  const failure = useFailure(formKey);
  const busy = useBusy(formKey);
  const added = outcome?.ok ? outcome : undefined;
  const [form, fields] = useRecordForm(`${anchor}-decision`, failure?.reply, EMPTY_DECISION);
  const values = keptValues(form.initialValue, EMPTY_DECISION);
  // The lines the messages count are those of the refused post.
  const sent = keptValues(failure?.reply?.initialValue, EMPTY_DECISION).documents;
  const documents = lineMessages(fields.documents.allErrors, "documents", sent, (line) => t("governance.line", { line }));
  const hidden = { intent: "addDecision", formKey, regionId: unit.regionId ?? "" };
  const bodies = unit.model?.bodies ?? [];
  return (
    <div className="rt-stack">
      <StatusMessage>
        {added ? (
          <Paragraph>
            {t("governance.decision.added", { title: added.name ?? "" })} <a href="#besluiten">{t("governance.decision.toLog")}</a>
          </Paragraph>
        ) : null}
      </StatusMessage>
      <FormDisclosure formKey={formKey} summary={t("governance.decision.add")}>
        <Form id={form.id} method="post" preventScrollReset noValidate className="rt-stack rt-gov-form" aria-label={t("governance.decision.add")}>
          <HiddenFields fields={hidden} />
          <RefusalAlert stale={failure?.conflict} formError={formMessage(form, hidden)} />
          <div className="rt-form-row">
            <DateField {...conformField(fields.date)} label={t("governance.decision.date")} defaultValue={values.date} required />
            <SelectField
              {...conformField(fields.bodyId)}
              label={t("governance.decision.body")}
              defaultValue={values.bodyId}
              options={[{ value: "", label: t("governance.decision.noBody") }, ...bodies.map((b) => ({ value: b.id, label: b.name }))]}
            />
          </div>
          <TextField {...conformField(fields.title)} label={t("governance.decision.title")} defaultValue={values.title} required maxLength={200} />
          <TextAreaField {...conformField(fields.decision)} label={t("governance.decision.text")} defaultValue={values.decision} required rows={3} maxLength={4000} />
          <TextAreaField
            {...conformField(fields.documents)}
            errors={documents}
            label={t("governance.decision.documents")}
            description={t("governance.decision.documents.hint")}
            defaultValue={values.documents}
            rows={3}
          />
          <FormActions busy={busy} label={t("governance.decision.addSubmit")} />
        </Form>
      </FormDisclosure>
    </div>
  );
}

/** After a decision was removed: an undo button that records it again (as a new entry with the same content). */
export function UndoDecision() {
  const t = useT();
  const outcome = useOutcome();
  const busy = useBusy("undoDecision");
  const removed = outcome?.ok && outcome.intent === "removeDecision" ? outcome : undefined;
  const restored = outcome?.ok && outcome.intent === "undoDecision" ? outcome : undefined;
  const undoFailed = outcome && !outcome.ok && outcome.intent === "undoDecision" ? outcome : undefined;
  let message = null;
  if (removed?.undo) {
    message = (
      <UndoForm
        message={t("governance.decision.removed", { title: removed.name ?? "" })}
        fields={{ intent: "undoDecision", formKey: "undoDecision", ...removed.undo }}
        busy={busy}
        hint={t("governance.decision.undoHint", { title: removed.name ?? "" })}
      />
    );
  } else if (restored) {
    message = t("governance.decision.restored", { title: restored.name ?? "" });
  }
  return (
    <>
      <StatusMessage focusKey={removed?.at ?? restored?.at}>{message}</StatusMessage>
      <ErrorAlert>{undoFailed ? errorMessages(undoFailed.error) : null}</ErrorAlert>
    </>
  );
}

/** The decisions of the whole workspace, newest first, filterable by unit and body; coordinators remove their unit's decisions. */
export function DecisionLog({ decisions, units }: { decisions: Decision[]; units: Unit[] }) {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const regions = units.filter((u) => u.regionId !== null);
  const bodies = units.flatMap((u) => (u.model?.bodies ?? []).map((b) => ({ ...b, unit: u })));
  const filter = readDecisionFilter(
    params,
    regions.map((u) => u.regionId!),
    bodies.map((b) => b.id),
  );
  const shown = filterDecisions(decisions, filter);
  const filtered = Boolean(filter.region || filter.body);
  const unitOf = (regionId: string | null) => units.find((u) => u.regionId === regionId);
  const unitName = (regionId: string | null) => unitOf(regionId)?.regionName ?? t("governance.wholeWorkspace");
  const canRemove = units.some((u) => u.canEdit);
  return (
    <div className="rt-stack">
      <Form method="get" action={pathname} preventScrollReset className="rt-filter" aria-label={t("governance.filter")}>
        <SelectField
          name={REGION_PARAM}
          idPrefix="filter-"
          label={t("governance.filter.unit")}
          defaultValue={filter.region}
          key={`r-${filter.region}`}
          options={[
            { value: "", label: t("governance.filter.allUnits") },
            { value: WHOLE_WORKSPACE, label: t("governance.wholeWorkspace") },
            ...regions.map((u) => ({ value: u.regionId!, label: u.regionName ?? "" })),
          ]}
        />
        <SelectField
          name={BODY_PARAM}
          idPrefix="filter-"
          label={t("governance.filter.body")}
          defaultValue={filter.body}
          key={`b-${filter.body}`}
          options={[
            { value: "", label: t("governance.filter.allBodies") },
            ...bodies.map((b) => ({ value: b.id, label: t("governance.filter.bodyOf", { name: b.name, unit: b.unit.regionName ?? t("governance.wholeWorkspace") }) })),
          ]}
        />
        <Button type="submit" appearance="secondary-action-button">
          {t("governance.filter.apply")}
        </Button>
      </Form>
      <Paragraph className="rt-muted rt-tight" role="status">
        {countText(t, locale, "governance.decisions.count", shown.length)}
      </Paragraph>
      {shown.length === 0 ? (
        <div className="rt-card rt-empty">
          <Paragraph>{t(filtered ? "governance.decisions.emptyFiltered" : "governance.decisions.empty")}</Paragraph>
        </div>
      ) : (
        <div className="rt-card rt-card--flush rt-table-scroll" tabIndex={0}>
          <Table className="rt-table rt-table--decisions">
            <TableCaption className="rt-visually-hidden">{t("governance.decisions.caption")}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("governance.decision.date")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("governance.decision.unit")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("governance.decision.body")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("governance.decision.decision")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("governance.decision.documents")}</TableHeaderCell>
                {canRemove && <ActionsHeaderCell label={t("governance.actions")} />}
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((d) => (
                <TableRow key={d.id}>
                  <TableCell className="rt-nowrap">
                    <time dateTime={d.date}>{formatDay(d.date, locale)}</time>
                  </TableCell>
                  <TableCell>{unitName(d.regionId)}</TableCell>
                  <TableCell>{d.body ?? <Empty />}</TableCell>
                  <TableHeaderCell scope="row" className="rt-gov-decision">
                    <span className="rt-block">{d.title}</span>
                    <span className="rt-block rt-gov-decision__text">
                      <MultilineText text={d.decision} />
                    </span>
                  </TableHeaderCell>
                  <TableCell>
                    {d.documents.length === 0 ? (
                      <span className="rt-muted">{t("empty.documents")}</span>
                    ) : (
                      <ul className="rt-plain-list rt-gov-documents">
                        {d.documents.map((doc, i) => (
                          <li key={i}>{doc.url ? <Link href={doc.url} rel="noopener noreferrer">{doc.title}</Link> : doc.title}</li>
                        ))}
                      </ul>
                    )}
                  </TableCell>
                  {canRemove && (
                    <TableCell className="rt-actions-cell">
                      {unitOf(d.regionId)?.canEdit && (
                        <GovernanceRemove
                          param={CONFIRM_PARAM}
                          id={d.id}
                          name={d.title}
                          question={t("governance.decision.removeConfirm", { title: d.title })}
                          intent="removeDecision"
                          formKey={`removeDecision:${d.id}`}
                          fields={{
                            decisionId: d.id,
                            regionId: d.regionId ?? "",
                            date: d.date,
                            bodyId: d.bodyId ?? "",
                            title: d.title,
                            decision: d.decision,
                            documents: formatDocumentLines(d.documents),
                          }}
                        />
                      )}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
