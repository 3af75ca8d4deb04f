import { Form, Link as RemixLink } from "@remix-run/react";
import { useRef } from "react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { PROCUREMENT_LEVELS, SOCIAL_DOMAINS } from "@regiotafel/domain";
import { ErrorAlert, StatusMessage, useFocusFirstInvalid } from "~/components/Feedback";
import { SelectField, TextField } from "~/components/FormFields";
import { useFormEditSession } from "~/components/records/edit-session";
import { Empty } from "~/components/records/Empty";
import { CheckboxGroupField, TextAreaField } from "~/components/records/Fields";
import { FormActions } from "~/components/records/FormActions";
import { useBusy, useFailure, useFormOutcome, useOutcome } from "~/components/records/outcome";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { UndoForm } from "~/components/records/UndoForm";
import { errorMessages, formErrors } from "~/lib/forms";
import { useWorkspace } from "~/lib/workspace";
import type { loader } from "~/routes/w.$workspace.bovenregionaal";
import { useT } from "~/i18n/use-t";
import { FormDisclosure, GovernanceRemove, MultilineText } from "./Controls";

type Page = Awaited<ReturnType<typeof loader>>;
export type Segment = Page["segments"][number];
type TenderChoice = Page["tenders"][number];

/** The text fields and the multi-valued fields (check boxes) of the segment form. */
export const SEGMENT_TEXTS = ["name", "domain", "level", "leadRegionId", "centralMunicipalityId", "budgetSplit", "riskSharing", "cooperation"] as const;
export const SEGMENT_LISTS = ["regionIds", "municipalityIds", "tenderIds"] as const;
const FIELDS = [...SEGMENT_TEXTS, ...SEGMENT_LISTS];

/** The query parameter that opens the remove confirmation of a segment. */
const CONFIRM_PARAM = "segment-verwijderen";

/** A new segment's form: nothing filled in but the level. */
const NEW_SEGMENT: Record<string, string | string[]> = {
  ...Object.fromEntries(SEGMENT_TEXTS.map((f) => [f, ""])),
  level: "BOVENREGIONAAL",
  ...Object.fromEntries(SEGMENT_LISTS.map((f) => [f, []])),
};

/** A segment's values as its form sends them (for its edit form and the undo of a removal). */
function segmentValues(s: Segment): Record<string, string | string[]> {
  return {
    name: s.name,
    domain: s.domain,
    level: s.level,
    leadRegionId: s.leadRegion?.id ?? "",
    centralMunicipalityId: s.centralMunicipality?.id ?? "",
    budgetSplit: s.budgetSplit,
    riskSharing: s.riskSharing,
    cooperation: s.cooperation,
    regionIds: s.regions.map((r) => r.id),
    municipalityIds: s.municipalities.map((m) => m.id),
    tenderIds: s.tenders.map((t) => t.id),
  };
}

/** What happened to a segment as a whole: created, removed (with undo), restored. */
export function SegmentFeedback() {
  const t = useT();
  const outcome = useOutcome();
  const busy = useBusy("undo");
  const done = outcome?.ok && outcome.intent !== "update" ? outcome : undefined;
  const undoFailed = outcome && !outcome.ok && outcome.intent === "undo" ? outcome : undefined;
  let message = null;
  if (done?.intent === "remove" && done.undo) {
    message = (
      <UndoForm
        message={t("segments.removed", { name: done.name ?? "" })}
        fields={{ intent: "undo", formKey: "undo", ...done.undo }}
        busy={busy}
        hint={t("segments.undoHint", { name: done.name ?? "" })}
      />
    );
  } else if (done?.intent === "undo") {
    message = t("segments.restored", { name: done.name ?? "" });
  } else if (done?.intent === "create") {
    message = t("segments.created", { name: done.name ?? "" });
  }
  return (
    <>
      <StatusMessage focusKey={done?.intent === "remove" ? done.at : undefined}>{message}</StatusMessage>
      <ErrorAlert>{undoFailed ? errorMessages(undoFailed.error) : null}</ErrorAlert>
    </>
  );
}

export function NewSegment({ tenders, open }: { tenders: TenderChoice[]; open: boolean }) {
  const t = useT();
  return (
    <section className="rt-card rt-stack" aria-labelledby="new-segment-heading">
      <Heading level={3} id="new-segment-heading">
        {t("segments.new")}
      </Heading>
      <FormDisclosure formKey="create" open={open} summary={t("segments.newOpen")}>
        <SegmentForm formKey="create" intent="create" tenders={tenders} idPrefix="new-segment-" label={t("segments.new")} submitLabel={t("segments.create")} />
      </FormDisclosure>
    </section>
  );
}

/** One segment: what it covers, who takes part, how budget and risk are shared; the coordinators who keep it change and remove it. */
export function SegmentCard({ segment, canEdit, tenders }: { segment: Segment; canEdit: boolean; tenders: TenderChoice[] }) {
  const t = useT();
  const { slug } = useWorkspace();
  const formKey = `segment:${segment.id}`;
  const outcome = useFormOutcome(formKey);
  const headingId = `segment-${segment.id}`;
  const names = (list: { name: string }[]) => (list.length ? list.map((x) => x.name).join(", ") : <Empty />);
  return (
    <article className="rt-card rt-stack" aria-labelledby={`${headingId}-title`} id={headingId}>
      <div className="rt-gov-body__header">
        <Heading level={3} id={`${headingId}-title`}>
          {segment.name}
        </Heading>
        <span className="rt-badge rt-badge--role">{t(`code.${segment.domain}`)}</span>
        <span className="rt-badge rt-badge--quiet">{t(`code.${segment.level}`)}</span>
      </div>
      <dl className="rt-gov-facts">
        <div>
          <dt>{t("segments.leadRegion")}</dt>
          <dd>{segment.leadRegion?.name || <Empty />}</dd>
        </div>
        <div>
          <dt>{t("segments.centralMunicipality")}</dt>
          <dd>{segment.centralMunicipality?.name || <Empty />}</dd>
        </div>
        <div>
          <dt>{t("segments.regions")}</dt>
          <dd>{names(segment.regions)}</dd>
        </div>
        <div>
          <dt>{t("segments.municipalities")}</dt>
          <dd>
            {segment.municipalities.length > 0 && <span className="rt-muted">({segment.municipalities.length}) </span>}
            {names(segment.municipalities)}
          </dd>
        </div>
        <div>
          <dt>{t("segments.budgetSplit")}</dt>
          <dd>
            <MultilineText text={segment.budgetSplit} />
          </dd>
        </div>
        <div>
          <dt>{t("segments.riskSharing")}</dt>
          <dd>
            <MultilineText text={segment.riskSharing} />
          </dd>
        </div>
        <div>
          <dt>{t("segments.cooperation")}</dt>
          <dd>
            <MultilineText text={segment.cooperation} />
          </dd>
        </div>
        <div>
          <dt>{t("segments.tenders")}</dt>
          <dd>
            {segment.tenders.length === 0 ? (
              <Empty />
            ) : (
              <ul className="rt-plain-list">
                {segment.tenders.map((tender) => (
                  <li key={tender.id}>
                    <RemixLink className="utrecht-link" to={`/w/${slug}/aanbestedingen/${tender.id}`}>
                      {tender.title}
                    </RemixLink>{" "}
                    <span className="rt-muted rt-small">({t(`code.${tender.status}`)})</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      <StatusMessage>{outcome?.ok ? t("segments.saved", { name: segment.name }) : null}</StatusMessage>
      {!canEdit && segment.leadRegion && <p className="rt-muted rt-small">{t("segments.keptBy", { region: segment.leadRegion.name })}</p>}
      {canEdit && (
        <div className="rt-gov-body__actions">
          <FormDisclosure formKey={formKey} name={segment.name}>
            <SegmentForm
              formKey={formKey}
              intent="update"
              segment={segment}
              tenders={tenders}
              idPrefix={`segment-${segment.id}-`}
              label={t("segments.editLabel", { name: segment.name })}
              submitLabel={t("common.save")}
            />
          </FormDisclosure>
          <GovernanceRemove
            param={CONFIRM_PARAM}
            id={segment.id}
            name={segment.name}
            question={t("segments.removeConfirm", { name: segment.name })}
            intent="remove"
            formKey={`remove:${segment.id}`}
            fields={{ segmentId: segment.id, ...segmentValues(segment) }}
          />
        </div>
      )}
    </article>
  );
}

function SegmentForm({
  formKey,
  intent,
  segment,
  tenders,
  idPrefix,
  label,
  submitLabel,
}: {
  formKey: string;
  intent: "create" | "update";
  segment?: Segment;
  tenders: TenderChoice[];
  idPrefix: string;
  label: string;
  submitLabel: string;
}) {
  const t = useT();
  const overview = useWorkspace();
  const failure = useFailure(formKey);
  const busy = useBusy(formKey);
  const formRef = useRef<HTMLFormElement>(null);
  const session = useFormEditSession(formKey, { version: segment?.version ?? null, values: segment ? segmentValues(segment) : NEW_SEGMENT });
  const { fieldErrors, formError } = formErrors(failure?.error, FIELDS);
  useFocusFirstInvalid(formRef, failure?.at);
  const text = (name: (typeof SEGMENT_TEXTS)[number]) => session.values[name] as string;
  const list = (name: (typeof SEGMENT_LISTS)[number]) => session.values[name] as string[];
  const none = { value: "", label: t("segments.none") };
  return (
    <Form method="post" preventScrollReset noValidate className="rt-stack rt-gov-form" ref={formRef} key={session.key} onChange={session.onEdit} aria-label={label}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="formKey" value={formKey} />
      {segment && <input type="hidden" name="segmentId" value={segment.id} />}
      {segment && <input type="hidden" name="version" value={session.version ?? ""} />}
      <RefusalAlert stale={failure?.conflict} formError={formError} />
      <TextField name="name" idPrefix={idPrefix} label={t("segments.name")} defaultValue={text("name")} errors={fieldErrors.name} required maxLength={200} />
      <div className="rt-form-row">
        <SelectField
          name="domain"
          idPrefix={idPrefix}
          label={t("segments.domain")}
          defaultValue={text("domain")}
          errors={fieldErrors.domain}
          options={SOCIAL_DOMAINS.map((d) => ({ value: d, label: t(`code.${d}`) }))}
        />
        <SelectField
          name="level"
          idPrefix={idPrefix}
          label={t("segments.level")}
          defaultValue={text("level")}
          errors={fieldErrors.level}
          options={PROCUREMENT_LEVELS.map((l) => ({ value: l, label: t(`code.${l}`) }))}
        />
      </div>
      <div className="rt-form-row">
        <SelectField
          name="leadRegionId"
          idPrefix={idPrefix}
          label={t("segments.leadRegion")}
          defaultValue={text("leadRegionId")}
          errors={fieldErrors.leadRegionId}
          options={[none, ...overview.regions.map((r) => ({ value: r.id, label: r.name }))]}
        />
        <SelectField
          name="centralMunicipalityId"
          idPrefix={idPrefix}
          label={t("segments.centralMunicipality")}
          defaultValue={text("centralMunicipalityId")}
          errors={fieldErrors.centralMunicipalityId}
          options={[none, ...overview.regions.flatMap((r) => r.municipalities.map((m) => ({ value: m.id, label: t("segments.municipalityIn", { name: m.name, region: r.name }) })))]}
        />
      </div>
      <CheckboxGroupField
        name="regionIds"
        idPrefix={idPrefix}
        label={t("segments.regions")}
        errors={fieldErrors.regionIds}
        defaultValues={list("regionIds")}
        options={overview.regions.map((r) => ({ value: r.id, label: r.name }))}
      />
      <CheckboxGroupField
        name="municipalityIds"
        idPrefix={idPrefix}
        label={t("segments.municipalities")}
        description={t("segments.municipalities.hint")}
        errors={fieldErrors.municipalityIds}
        defaultValues={list("municipalityIds")}
        options={[]}
        groups={overview.regions.filter((r) => r.municipalities.length > 0).map((r) => ({ label: r.name, options: r.municipalities.map((m) => ({ value: m.id, label: m.name })) }))}
      />
      {tenders.length === 0 ? (
        <Paragraph className="rt-muted">{t("segments.noTenders")}</Paragraph>
      ) : (
        <CheckboxGroupField
          name="tenderIds"
          idPrefix={idPrefix}
          label={t("segments.tenders")}
          errors={fieldErrors.tenderIds}
          defaultValues={list("tenderIds")}
          options={tenders.map((tender) => ({ value: tender.id, label: tender.title }))}
        />
      )}
      <TextAreaField name="budgetSplit" idPrefix={idPrefix} label={t("segments.budgetSplit")} defaultValue={text("budgetSplit")} errors={fieldErrors.budgetSplit} rows={3} maxLength={2000} />
      <TextAreaField name="riskSharing" idPrefix={idPrefix} label={t("segments.riskSharing")} defaultValue={text("riskSharing")} errors={fieldErrors.riskSharing} rows={3} maxLength={2000} />
      <TextAreaField name="cooperation" idPrefix={idPrefix} label={t("segments.cooperation")} defaultValue={text("cooperation")} errors={fieldErrors.cooperation} rows={3} maxLength={2000} />
      <FormActions busy={busy} label={submitLabel} />
    </Form>
  );
}
