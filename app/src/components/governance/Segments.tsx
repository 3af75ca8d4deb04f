import { DiscussionDisclosure } from "~/components/together/Discussion";
import { Form, Link as RemixLink } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { PROCUREMENT_LEVELS, SOCIAL_DOMAINS } from "@regiotafel/domain";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { SelectField, TextField } from "~/components/FormFields";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { useFormEditSession } from "~/components/records/edit-session";
import { Empty } from "~/components/records/Empty";
import { CheckboxGroupField, TextAreaField } from "~/components/records/Fields";
import { FormActions } from "~/components/records/FormActions";
import { HiddenFields } from "~/components/records/HiddenFields";
import { useBusy, useFailure, useFormOutcome, useOutcome } from "~/components/records/outcome";
import { RefusalAlert } from "~/components/records/RefusalAlert";
import { UndoForm } from "~/components/records/UndoForm";
import { errorMessages } from "~/lib/forms";
import type { SegmentFormValues } from "~/lib/governance";
import { useWorkspace } from "~/lib/workspace";
import type { loader } from "~/routes/w.$workspace.bovenregionaal";
import { useT } from "~/i18n/use-t";
import { FormDisclosure, GovernanceRemove, MultilineText } from "./Controls";

type Page = Awaited<ReturnType<typeof loader>>;
export type Segment = Page["segments"][number];
type TenderChoice = Page["tenders"][number];

/** The query parameter that opens the remove confirmation of a segment. */
const CONFIRM_PARAM = "segment-verwijderen";

/** A new segment's form: nothing filled in but the level. */
const NEW_SEGMENT: SegmentFormValues = {
  name: "",
  domain: "",
  level: "BOVENREGIONAAL",
  leadRegionId: "",
  centralMunicipalityId: "",
  regionIds: [],
  municipalityIds: [],
  tenderIds: [],
  budgetSplit: "",
  riskSharing: "",
  cooperation: "",
};

/** A segment's values as its form sends them (for its edit form and the undo of a removal). */
function segmentValues(s: Segment): SegmentFormValues {
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
      <Heading level={2} appearance="utrecht-heading-3" id="new-segment-heading">
        {t("segments.new")}
      </Heading>
      <FormDisclosure formKey="create" open={open} summary={t("segments.newOpen")}>
        <SegmentForm formKey="create" intent="create" tenders={tenders} formId="new-segment" label={t("segments.new")} submitLabel={t("segments.create")} />
      </FormDisclosure>
    </section>
  );
}

/** One segment: what it covers, who takes part, how budget and risk are shared; the coordinators who keep it change and remove it. */
export function SegmentCard({ segment, canEdit, tenders, openThreads }: { segment: Segment; canEdit: boolean; tenders: TenderChoice[]; openThreads: number }) {
  const t = useT();
  const { slug } = useWorkspace();
  const formKey = `segment:${segment.id}`;
  const outcome = useFormOutcome(formKey);
  const headingId = `segment-${segment.id}`;
  // An empty list says so in words; "—" is for a single value that is not filled in.
  const names = (list: { name: string }[], none: string) => (list.length ? list.map((x) => x.name).join(", ") : <span className="rt-muted">{none}</span>);
  return (
    <article className="rt-card rt-stack" aria-labelledby={`${headingId}-title`} id={headingId}>
      <div className="rt-gov-body__header">
        <Heading level={2} appearance="utrecht-heading-3" id={`${headingId}-title`}>
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
          <dd>{names(segment.regions, t("empty.regions"))}</dd>
        </div>
        <div>
          <dt>{t("segments.municipalities")}</dt>
          <dd>
            {segment.municipalities.length > 0 && <span className="rt-muted">({segment.municipalities.length}) </span>}
            {names(segment.municipalities, t("empty.municipalities"))}
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
              <span className="rt-muted">{t("empty.tenders")}</span>
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
              formId={`segment-${segment.id}-edit`}
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
      <DiscussionDisclosure workspace={slug} subjectType="segment" subjectId={segment.id} title={segment.name} openThreads={openThreads} />
    </article>
  );
}

function SegmentForm({
  formKey,
  intent,
  segment,
  tenders,
  formId,
  label,
  submitLabel,
}: {
  formKey: string;
  intent: "create" | "update";
  segment?: Segment;
  tenders: TenderChoice[];
  /** The form's id, unique on the page; its fields' ids start with it. */
  formId: string;
  label: string;
  submitLabel: string;
}) {
  const t = useT();
  const overview = useWorkspace();
  const failure = useFailure(formKey);
  const busy = useBusy(formKey);
  const session = useFormEditSession<SegmentFormValues, number | null>(formKey, { version: segment?.version ?? null, values: segment ? segmentValues(segment) : NEW_SEGMENT });
  const [form, fields] = useRecordForm<SegmentFormValues>(formId, failure?.reply);
  const hidden = { intent, formKey, ...(segment ? { segmentId: segment.id, version: session.version ?? "" } : {}) };
  const values = session.values;
  const field = (name: keyof SegmentFormValues) => conformField(fields[name]);
  const none = { value: "", label: t("segments.none") };
  return (
    <Form id={form.id} method="post" preventScrollReset noValidate className="rt-stack rt-gov-form" key={session.key} onChange={session.onEdit} aria-label={label}>
      <HiddenFields fields={hidden} />
      <RefusalAlert stale={failure?.conflict} formError={formMessage(form, hidden)} />
      <TextField {...field("name")} label={t("segments.name")} defaultValue={values.name} required maxLength={200} />
      <div className="rt-form-row">
        <SelectField {...field("domain")} label={t("segments.domain")} defaultValue={values.domain} options={SOCIAL_DOMAINS.map((d) => ({ value: d, label: t(`code.${d}`) }))} />
        <SelectField {...field("level")} label={t("segments.level")} defaultValue={values.level} options={PROCUREMENT_LEVELS.map((l) => ({ value: l, label: t(`code.${l}`) }))} />
      </div>
      <div className="rt-form-row">
        <SelectField
          {...field("leadRegionId")}
          label={t("segments.leadRegion")}
          defaultValue={values.leadRegionId}
          options={[none, ...overview.regions.map((r) => ({ value: r.id, label: r.name }))]}
        />
        <SelectField
          {...field("centralMunicipalityId")}
          label={t("segments.centralMunicipality")}
          defaultValue={values.centralMunicipalityId}
          options={[none, ...overview.regions.flatMap((r) => r.municipalities.map((m) => ({ value: m.id, label: t("segments.municipalityIn", { name: m.name, region: r.name }) })))]}
        />
      </div>
      <CheckboxGroupField {...field("regionIds")} label={t("segments.regions")} defaultValues={values.regionIds} options={overview.regions.map((r) => ({ value: r.id, label: r.name }))} />
      <CheckboxGroupField
        {...field("municipalityIds")}
        label={t("segments.municipalities")}
        description={t("segments.municipalities.hint")}
        defaultValues={values.municipalityIds}
        options={[]}
        groups={overview.regions.filter((r) => r.municipalities.length > 0).map((r) => ({ label: r.name, options: r.municipalities.map((m) => ({ value: m.id, label: m.name })) }))}
      />
      {tenders.length === 0 ? (
        <Paragraph className="rt-muted">{t("segments.noTenders")}</Paragraph>
      ) : (
        <CheckboxGroupField
          {...field("tenderIds")}
          label={t("segments.tenders")}
          defaultValues={values.tenderIds}
          options={tenders.map((tender) => ({ value: tender.id, label: tender.title }))}
        />
      )}
      <TextAreaField {...field("budgetSplit")} label={t("segments.budgetSplit")} defaultValue={values.budgetSplit} rows={3} maxLength={2000} />
      <TextAreaField {...field("riskSharing")} label={t("segments.riskSharing")} defaultValue={values.riskSharing} rows={3} maxLength={2000} />
      <TextAreaField {...field("cooperation")} label={t("segments.cooperation")} defaultValue={values.cooperation} rows={3} maxLength={2000} />
      <FormActions busy={busy} label={submitLabel} />
    </Form>
  );
}
