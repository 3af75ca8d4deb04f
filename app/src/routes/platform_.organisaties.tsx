import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react";
import { describeError, directoryOperations, ORGANISATION_KINDS, PROVINCES, splitMunicipalityList, workspaceLifecycleOperations as ops } from "@regiotafel/domain";
import { SelectField, TextField } from "~/components/FormFields";
import { ErrorAlert, StatusMessage } from "~/components/Feedback";
import { DateField } from "~/components/records/Fields";
import { conformField, formMessage, useRecordForm } from "~/components/records/conform";
import { load, requireUser } from "~/lib/api.server";
import { formText } from "~/lib/forms";
import { readIntentOf } from "~/lib/record-actions.server";
import { submitForm } from "~/lib/submission.server";
import { useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

// The organisation directory for platform administrators (ADR 0020, 0022): search it, add
// regional bodies, national networks and other organisations, record a municipal merger.
// Municipalities that merged away stay listed under their old names.

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.organisations", { section: "title.platform" }) }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 100);
  const kind = url.searchParams.get("soort") ?? "";
  try {
    const [organisations, hits] = await Promise.all([
      load(context, request, () => context.api.directory.organisations()),
      query ? load(context, request, () => context.api.directory.search({ query, kind: (ORGANISATION_KINDS as readonly string[]).includes(kind) ? (kind as "MUNICIPALITY") : undefined, limit: 50 })) : Promise.resolve(null),
    ]);
    return { organisations, hits, query, kind };
  } catch (error) {
    // Anyone but a platform administrator: the same 404 as a page that does not exist.
    if (!(error instanceof Response) && describeError(error, context.locale).code === "FORBIDDEN") throw new Response("Niet gevonden", { status: 404 });
    throw error;
  }
}

const INTENTS = {
  create: (context: AppLoadContext, form: FormData) => submitForm(context, ops.createOrganisation, form, {}, (input) => context.api.directory.createOrganisation(input)),
  merge: (context: AppLoadContext, form: FormData) => {
    // The merged municipalities come as one text field of CBS codes; an empty name or province is "none".
    const input = new FormData();
    for (const code of splitMunicipalityList(formText(form, "mergedCodes"))) input.append("merged", code);
    for (const field of ["successor.cbsCode", "successor.name", "successor.province", "date"]) {
      const value = formText(form, field);
      if (value !== "") input.set(field, value);
    }
    return submitForm(context, directoryOperations.mergeMunicipalities, input, {}, (parsed) => context.api.directory.mergeMunicipalities(parsed));
  },
};

export async function action({ context, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const { form, intent, at } = await readIntentOf(request, INTENTS);
  const result = await INTENTS[intent](context, form);
  if (!result.ok) return data({ ok: false as const, intent, at, error: result.error, reply: result.reply, mergedCodes: formText(form, "mergedCodes") }, { status: result.error.httpStatus });
  return { ok: true as const, intent, at };
}

export default function Organisations() {
  const { organisations, hits, query, kind } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const [createForm, createFields] = useRecordForm("organisation-create", result && !result.ok && result.intent === "create" ? result.reply : undefined, { name: "", kind: "REGIONAL_BODY" });
  const mergeReply = result && !result.ok && result.intent === "merge" ? result.reply : undefined;
  const [mergeForm] = useRecordForm("municipality-merge", mergeReply);
  // The merger's fields are nested (successor.*): their messages and typed values straight from the reply.
  const mergeErrors = (name: string) => (mergeReply?.error as Record<string, string[] | null> | undefined)?.[name] ?? undefined;
  const mergeValue = (name: string) => {
    const initial = mergeReply?.initialValue as Record<string, unknown> | undefined;
    const value = name.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), initial);
    return typeof value === "string" ? value : "";
  };
  const kindLabel = (k: string) => t(`directory.kind.${k}`);
  return (
    <div className="rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">
          <Link to="/platform">{t("platform.title")}</Link>
        </p>
        <Heading level={1}>{t("directory.title")}</Heading>
        <Paragraph className="rt-muted">{t("directory.intro")}</Paragraph>
      </header>
      <StatusMessage focusKey={result?.at}>{result?.ok ? t(result.intent === "create" ? "directory.created" : "directory.merged") : null}</StatusMessage>

      <section className="rt-stack" aria-labelledby="search-heading">
        <Heading level={2} id="search-heading">
          {t("directory.search")}
        </Heading>
        <Form method="get" className="rt-stack rt-card" role="search" aria-labelledby="search-heading">
          <TextField name="q" id="directory-q" label={t("directory.search.query")} defaultValue={query} />
          <SelectField
            name="soort"
            id="directory-kind"
            label={t("directory.search.kind")}
            defaultValue={kind}
            options={[{ value: "", label: t("directory.kind.all") }, ...ORGANISATION_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))]}
          />
          <div>
            <Button type="submit" appearance="secondary-action-button">
              {t("directory.search.submit")}
            </Button>
          </div>
        </Form>
        {hits && (hits.length === 0 ? <Paragraph>{t("directory.search.none")}</Paragraph> : <OrganisationTable caption={t("directory.search.results", { query })} rows={hits} kindLabel={kindLabel} />)}
      </section>

      <section className="rt-stack" aria-labelledby="create-heading">
        <Heading level={2} id="create-heading">
          {t("directory.create")}
        </Heading>
        <ErrorAlert>{formMessage(createForm)}</ErrorAlert>
        <Form id={createForm.id} method="post" className="rt-stack rt-card" noValidate>
          <input type="hidden" name="intent" value="create" />
          <TextField {...conformField(createFields.name)} label={t("directory.create.name")} required />
          <SelectField {...conformField(createFields.kind)} label={t("directory.create.kind")} defaultValue="REGIONAL_BODY" options={ops.CREATABLE_ORGANISATION_KINDS.map((k: string) => ({ value: k, label: kindLabel(k) }))} />
          <div>
            <Button type="submit" appearance="primary-action-button">
              {t("directory.create.submit")}
            </Button>
          </div>
        </Form>
        {organisations.others.length > 0 && <OrganisationTable caption={t("directory.others")} rows={organisations.others.map((o) => ({ ...o, cbsCode: null, province: null }))} kindLabel={kindLabel} />}
      </section>

      <section className="rt-stack" aria-labelledby="merge-heading">
        <Heading level={2} id="merge-heading">
          {t("directory.merge")}
        </Heading>
        <Paragraph className="rt-muted">{t("directory.merge.intro")}</Paragraph>
        <ErrorAlert>{formMessage(mergeForm)}</ErrorAlert>
        <Form id={mergeForm.id} method="post" className="rt-stack rt-card" noValidate>
          <input type="hidden" name="intent" value="merge" />
          <TextField
            name="mergedCodes"
            id="merge-merged"
            label={t("directory.merge.merged")}
            description={t("directory.merge.mergedHint")}
            defaultValue={result && !result.ok && result.intent === "merge" ? result.mergedCodes : ""}
            errors={[...(mergeErrors("merged") ?? []), ...(mergeErrors("merged[0]") ?? [])]}
            required
          />
          <TextField name="successor.cbsCode" id="merge-successor-code" width="code" label={t("directory.merge.successorCode")} description={t("directory.merge.successorCodeHint")} defaultValue={mergeValue("successor.cbsCode")} errors={mergeErrors("successor.cbsCode")} required />
          <TextField name="successor.name" id="merge-successor-name" label={t("directory.merge.successorName")} description={t("directory.merge.successorNameHint")} defaultValue={mergeValue("successor.name")} errors={mergeErrors("successor.name")} />
          <SelectField
            name="successor.province"
            id="merge-successor-province"
            label={t("directory.merge.province")}
            defaultValue={mergeValue("successor.province")}
            errors={mergeErrors("successor.province")}
            options={[{ value: "", label: t("directory.merge.provinceNone") }, ...PROVINCES.map((p) => ({ value: p, label: p }))]}
          />
          <DateField name="date" id="merge-date" label={t("directory.merge.date")} defaultValue={mergeValue("date")} errors={mergeErrors("date")} required />
          <div>
            <Button type="submit" appearance="primary-action-button">
              {t("directory.merge.submit")}
            </Button>
          </div>
        </Form>
        {organisations.merged.length > 0 && (
          <div className="rt-card rt-card--flush rt-table-scroll" tabIndex={0}>
            <Table className="rt-table">
              <TableCaption>{t("directory.mergedList")}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t("directory.mergedList.old")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("directory.mergedList.until")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("directory.mergedList.successor")}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {organisations.merged.map((m) => (
                  <TableRow key={m.id}>
                    <TableHeaderCell scope="row">
                      {m.name} {m.cbsCode && <span className="rt-muted">({m.cbsCode})</span>}
                    </TableHeaderCell>
                    <TableCell>{m.endedOn}</TableCell>
                    <TableCell>{m.successor ? `${m.successor.name}${m.successor.cbsCode ? ` (${m.successor.cbsCode})` : ""}` : ""}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
    </div>
  );
}

function OrganisationTable(props: { caption: string; rows: { id: string; name: string; kind: string; cbsCode: string | null; province: string | null }[]; kindLabel(kind: string): string }) {
  const t = useT();
  return (
    <div className="rt-card rt-card--flush rt-table-scroll" tabIndex={0}>
      <Table className="rt-table">
        <TableCaption>{props.caption}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t("directory.col.name")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("directory.col.kind")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("directory.col.code")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("directory.col.province")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("orgSignIn.nav")}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.rows.map((o) => (
            <TableRow key={o.id}>
              <TableHeaderCell scope="row">{o.name}</TableHeaderCell>
              <TableCell>{props.kindLabel(o.kind)}</TableCell>
              <TableCell>{o.cbsCode ?? ""}</TableCell>
              <TableCell>{o.province ?? ""}</TableCell>
              <TableCell>
                <Link to={`/organisatie/${o.id}/inloggen`} aria-label={t("orgSignIn.linkFor", { organisation: o.name })}>
                  {t("orgSignIn.link")}
                </Link>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
