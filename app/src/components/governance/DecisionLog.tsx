import { Form, useLocation, useSearchParams } from "@remix-run/react";
import { useRef } from "react";
import { Button, Link, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from "@utrecht/component-library-react";
import { ErrorAlert, StatusMessage, useFocusFirstInvalid } from "~/components/Feedback";
import { SelectField, TextField } from "~/components/FormFields";
import { ActionsHeaderCell } from "~/components/records/ActionsHeaderCell";
import { Empty } from "~/components/records/Empty";
import { DateField, TextAreaField } from "~/components/records/Fields";
import { FormActions } from "~/components/records/FormActions";
import { typed, useBusy, useFailure, useFormOutcome, useOutcome } from "~/components/records/outcome";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { UndoForm } from "~/components/records/UndoForm";
import { countText } from "~/lib/format";
import { errorMessages, formErrors } from "~/lib/forms";
import { BODY_PARAM, filterDecisions, formatDay, formatDocumentLines, listFieldErrors, readDecisionFilter, REGION_PARAM, WHOLE_WORKSPACE } from "~/lib/governance";
import { useLocale, useT } from "~/i18n/use-t";
import { FormDisclosure, GovernanceRemove, MultilineText } from "./Controls";
import type { Decision, Unit } from "./GovernanceUnit";
import { unitKey } from "./GovernanceUnit";

/** The query parameter that opens the remove confirmation of a decision. */
const CONFIRM_PARAM = "besluit-verwijderen";

/** Records a decision of one unit, taken by one of its bodies. */
export function AddDecision({ unit, anchor }: { unit: Unit; anchor: string }) {
  const t = useT();
  const formKey = `decision:${unitKey(unit)}`;
  const outcome = useFormOutcome(formKey);
  const failure = useFailure(formKey);
  const busy = useBusy(formKey);
  const added = outcome?.ok ? outcome : undefined;
  const formRef = useRef<HTMLFormElement>(null);
  const documents = typed(failure, "documents", "");
  const error = listFieldErrors(failure?.error, "documents", documents, (line) => t("governance.line", { line }));
  const { fieldErrors, formError } = formErrors(error, ["date", "bodyId", "title", "decision", "documents"]);
  useFocusFirstInvalid(formRef, failure?.at);
  const prefix = `${anchor}-decision-`;
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
        <Form method="post" preventScrollReset noValidate className="rt-stack rt-gov-form" ref={formRef} aria-label={t("governance.decision.add")}>
          <input type="hidden" name="intent" value="addDecision" />
          <input type="hidden" name="formKey" value={formKey} />
          <input type="hidden" name="regionId" value={unit.regionId ?? ""} />
          <RefusalAlert stale={failure?.conflict} formError={formError} />
          <div className="rt-form-row">
            <DateField name="date" idPrefix={prefix} label={t("governance.decision.date")} defaultValue={typed(failure, "date", "")} errors={fieldErrors.date} required />
            <SelectField
              name="bodyId"
              idPrefix={prefix}
              label={t("governance.decision.body")}
              defaultValue={typed(failure, "bodyId", "")}
              errors={fieldErrors.bodyId}
              options={[{ value: "", label: t("governance.decision.noBody") }, ...bodies.map((b) => ({ value: b.id, label: b.name }))]}
            />
          </div>
          <TextField name="title" idPrefix={prefix} label={t("governance.decision.title")} defaultValue={typed(failure, "title", "")} errors={fieldErrors.title} required maxLength={200} />
          <TextAreaField
            name="decision"
            idPrefix={prefix}
            label={t("governance.decision.text")}
            defaultValue={typed(failure, "decision", "")}
            errors={fieldErrors.decision}
            required
            rows={3}
            maxLength={4000}
          />
          <TextAreaField
            name="documents"
            idPrefix={prefix}
            label={t("governance.decision.documents")}
            description={t("governance.decision.documents.hint")}
            defaultValue={documents}
            errors={fieldErrors.documents}
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
        <div className="rt-card rt-card--flush rt-table-scroll">
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
                      <Empty />
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
