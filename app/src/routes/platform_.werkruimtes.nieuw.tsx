import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef, useState } from "react";
import { Button, Fieldset, FieldsetLegend, Heading, Paragraph } from "@utrecht/component-library-react";
import { ORGANISATION_FORMS, suggestWorkspaceSlug, workspaceLifecycleOperations as ops } from "@regiotafel/domain";
import { SelectField, TextField } from "~/components/FormFields";
import { FieldError } from "~/components/FieldError";
import { ErrorAlert, useFocusFirstInvalid } from "~/components/Feedback";
import { MunicipalityPicker } from "~/components/platform/MunicipalityPicker";
import { formMessage, useRecordForm } from "~/components/records/conform";
import { load, requireUser } from "~/lib/api.server";
import { formText } from "~/lib/forms";
import { submitForm } from "~/lib/submission.server";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";
import { withNotice } from "~/lib/notice";

// A new workspace (ADR 0022): name, address, and one or more regions with their organisation
// form and municipalities from the directory. For platform administrators and the users they
// allowed; the creator becomes the workspace's admin. Works without JavaScript: the address is
// suggested from the name when left empty, "Regio toevoegen" posts the form back with one more
// region, and municipalities are names or CBS codes the server looks up.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.newWorkspace") }];

const MAX_REGIONS = 12;

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const standing = await load(context, request, () => context.api.workspaces.standing());
  if (!standing.platformAdmin && !standing.workspaceCreator) throw new Response("Niet gevonden", { status: 404 });
  const asked = Number(new URL(request.url).searchParams.get("regios") ?? "1");
  return { regionCount: Number.isInteger(asked) ? Math.min(Math.max(asked, 1), MAX_REGIONS) : 1, platformAdmin: standing.platformAdmin };
}

/** What the form posted, to show it again (another region added, or a refusal). */
function postedValues(form: FormData, regionCount: number) {
  return {
    name: formText(form, "name"),
    slug: formText(form, "slug"),
    regions: Array.from({ length: regionCount }, (_, i) => ({
      name: formText(form, `regions[${i}].name`),
      organisationForm: formText(form, `regions[${i}].organisationForm`),
      municipalities: formText(form, `regions[${i}].municipalities`),
    })),
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const form = await request.formData();
  const posted = Math.min(Math.max(Number(formText(form, "regionCount")) || 1, 1), MAX_REGIONS);
  if (formText(form, "intent") === "addRegion") {
    return { added: true as const, regionCount: Math.min(posted + 1, MAX_REGIONS), values: postedValues(form, posted) };
  }
  // Regions left wholly empty (an extra fieldset nobody filled in) are not posted.
  const kept = postedValues(form, posted).regions.filter((r) => r.name || r.municipalities);
  const input = new FormData();
  input.set("name", formText(form, "name"));
  // Without JavaScript the address may be left empty: the one suggested from the name.
  input.set("slug", formText(form, "slug") || suggestWorkspaceSlug(formText(form, "name")));
  kept.forEach((r, i) => {
    input.set(`regions[${i}].name`, r.name);
    input.set(`regions[${i}].organisationForm`, r.organisationForm);
    input.set(`regions[${i}].municipalities`, r.municipalities);
  });
  const result = await submitForm(context, ops.createWorkspace, input, {}, (parsed) => context.api.workspaces.create(parsed));
  if (!result.ok) {
    return data(
      { added: false as const, regionCount: Math.max(kept.length, 1), values: { ...postedValues(input, Math.max(kept.length, 1)) }, error: result.error, reply: result.reply },
      { status: result.error.httpStatus },
    );
  }
  throw redirect(withNotice(`/w/${result.data.slug}`, "aangemaakt"));
}

export default function NewWorkspace() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // A new key after each answer: the fields show what was posted.
  return <NewWorkspaceForm key={JSON.stringify(result?.values ?? null) + String(result?.regionCount ?? loaded.regionCount)} regionCount={result?.regionCount ?? loaded.regionCount} />;
}

function NewWorkspaceForm({ regionCount }: { regionCount: number }) {
  const t = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const reply = result && "reply" in result ? result.reply : undefined;
  const [form] = useRecordForm("werkruimte-nieuw", reply);
  const values = result?.values;
  const errors = (reply?.error ?? {}) as Record<string, string[] | null | undefined>;
  const fieldErrors = (name: string) => errors[name] ?? undefined;
  const [name, setName] = useState(values?.name ?? "");
  const [slug, setSlug] = useState(values?.slug ?? "");
  const [slugEdited, setSlugEdited] = useState(Boolean(values?.slug));
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, result);

  return (
    <div className="rt-narrow rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">
          <Link to="/platform/werkruimtes">{t("wsadmin.title")}</Link>
        </p>
        <Heading level={1}>{t("wsnew.title")}</Heading>
        <Paragraph className="rt-muted">{t("wsnew.intro")}</Paragraph>
      </header>
      <ErrorAlert>{[formMessage(form), ...(fieldErrors("regions") ?? [])].filter(Boolean).join(" ") || null}</ErrorAlert>
      <Form ref={formRef} id={form.id} method="post" className="rt-stack" noValidate>
        <input type="hidden" name="regionCount" value={regionCount} />
        {/* Controlled, so that the address follows the name until it is edited; without JavaScript they are plain fields. */}
        <ControlledText
          id="werkruimte-naam"
          name="name"
          label={t("wsnew.name")}
          value={name}
          errors={fieldErrors("name")}
          onChange={(v) => {
            setName(v);
            if (!slugEdited) setSlug(v ? suggestWorkspaceSlug(v) : "");
          }}
        />
        <ControlledText
          id="werkruimte-slug"
          name="slug"
          label={t("wsnew.slug")}
          description={t("wsnew.slug.hint")}
          value={slug}
          errors={fieldErrors("slug")}
          onChange={(v) => {
            setSlug(v);
            setSlugEdited(v !== "");
          }}
        />
        {Array.from({ length: regionCount }, (_, i) => {
          const region = values?.regions[i];
          const prefix = `regions[${i}]`;
          return (
            <Fieldset key={i} className="rt-card rt-stack" id={`regio-${i + 1}`}>
              <FieldsetLegend>{t("wsnew.regionLegend", { number: i + 1 })}</FieldsetLegend>
              <TextField id={`regio-${i + 1}-naam`} name={`${prefix}.name`} label={t("wsnew.region")} defaultValue={region?.name} errors={fieldErrors(`${prefix}.name`)} required={i === 0} />
              <SelectField
                id={`regio-${i + 1}-vorm`}
                name={`${prefix}.organisationForm`}
                label={t("wsnew.organisationForm")}
                defaultValue={region?.organisationForm || "CONVENANT"}
                errors={fieldErrors(`${prefix}.organisationForm`)}
                options={ORGANISATION_FORMS.map((f) => ({ value: f, label: t(`code.${f}`) }))}
              />
              <MunicipalityPicker
                id={`regio-${i + 1}-gemeenten`}
                name={`${prefix}.municipalities`}
                label={t("wsnew.municipalities")}
                defaultValue={region?.municipalities}
                errors={fieldErrors(`${prefix}.municipalities`)}
              />
            </Fieldset>
          );
        })}
        <div className="rt-actions">
          {regionCount < MAX_REGIONS && (
            <Button type="submit" name="intent" value="addRegion" appearance="secondary-action-button" formNoValidate>
              {t("wsnew.addRegion")}
            </Button>
          )}
          <Button type="submit" name="intent" value="create" appearance="primary-action-button" busy={busy}>
            {busy ? t("wsnew.busy") : t("wsnew.submit")}
          </Button>
        </div>
      </Form>
    </div>
  );
}

/** A text field whose value the page keeps (name and address, which suggests itself from the name). */
function ControlledText(props: { id: string; name: string; label: string; description?: string; value: string; errors?: string[]; onChange(value: string): void }) {
  const { id, name, label, description, value, errors, onChange } = props;
  const describedBy = [description ? `${id}-description` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`utrecht-form-field utrecht-form-field--text${errors?.length ? " utrecht-form-field--invalid" : ""}`}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      {description && (
        <div className="utrecht-form-field-description" id={`${id}-description`}>
          {description}
        </div>
      )}
      <FieldError id={`${id}-error`} messages={errors} />
      <div className="utrecht-form-field__input">
        <input
          className={`utrecht-textbox utrecht-textbox--html-input${errors?.length ? " utrecht-textbox--invalid" : ""}`}
          id={id}
          name={name}
          type="text"
          value={value}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      </div>
    </div>
  );
}
