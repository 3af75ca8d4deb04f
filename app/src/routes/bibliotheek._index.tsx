import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, Heading, Paragraph } from "@utrecht/component-library-react";
import { TEMPLATE_KINDS } from "@regiotafel/domain";
import { SelectField, TextField } from "~/components/FormFields";
import { TemplateTags } from "~/components/library/TemplateMeta";
import { load, requireUser } from "~/lib/api.server";
import { countText } from "~/lib/format";
import { LIBRARY_PARAMS, libraryQueryString, readLibraryFilter } from "~/lib/library";
import { useLocale, useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.library") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const filter = readLibraryFilter(new URL(request.url).searchParams);
  const [library, networks] = await Promise.all([
    load(context, request, () => context.api.library.list({ query: filter.query || undefined, kind: filter.kind ?? undefined, tag: filter.tag || undefined })),
    load(context, request, () => context.api.library.networks()),
  ]);
  const moderates = networks.some((n) => n.isModerator);
  const queue = moderates ? await load(context, request, () => context.api.library.reviewQueue()) : [];
  return { ...library, networks, filter, moderates, pending: queue.length };
}

export default function Library() {
  const { templates, tags, networks, filter, moderates, pending } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const filtered = Boolean(filter.query || filter.kind || filter.tag);
  // The chosen tag stays selectable even when no template carries it any more.
  const tagOptions = filter.tag && !tags.includes(filter.tag) ? [...tags, filter.tag] : tags;
  return (
    <div className="rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("library.eyebrow")}</p>
        <Heading level={1}>{t("nav.library")}</Heading>
        <Paragraph className="rt-lead">{t("library.intro")}</Paragraph>
        {networks.length > 0 && (
          <Paragraph className="rt-muted">
            {t("library.networks", { names: networks.map((n) => n.name).join(", ") })}
          </Paragraph>
        )}
      </header>

      {moderates && (
        <Paragraph className="rt-notice">
          <Link className="utrecht-link" to="/bibliotheek/beoordelen">
            {t("library.reviewLink")}
          </Link>{" "}
          <span className="rt-badge" aria-hidden="true">
            {pending}
          </span>
          <span className="rt-visually-hidden">{countText(t, locale, "library.pending", pending)}</span>
        </Paragraph>
      )}

      {networks.length === 0 ? (
        <div className="rt-card rt-empty">
          <Heading level={2} appearance="utrecht-heading-3">
            {t("library.noNetworkTitle")}
          </Heading>
          <Paragraph>{t("library.noNetwork")}</Paragraph>
        </div>
      ) : (
        <>
          <Form method="get" className="rt-filter rt-library-filter" aria-label={t("library.filter")}>
            <TextField name={LIBRARY_PARAMS.query} label={t("library.filter.query")} defaultValue={filter.query} key={`q-${filter.query}`} maxLength={200} />
            <SelectField
              name={LIBRARY_PARAMS.kind}
              label={t("library.filter.kind")}
              defaultValue={filter.kind ?? ""}
              key={`k-${filter.kind}`}
              options={[{ value: "", label: t("library.filter.allKinds") }, ...TEMPLATE_KINDS.map((k) => ({ value: k, label: t(`template.kind.${k}`) }))]}
            />
            <SelectField
              name={LIBRARY_PARAMS.tag}
              label={t("library.filter.tag")}
              defaultValue={filter.tag}
              key={`t-${filter.tag}`}
              options={[{ value: "", label: t("library.filter.allTags") }, ...tagOptions.map((tag) => ({ value: tag, label: tag }))]}
            />
            <Button type="submit" appearance="secondary-action-button">
              {t("library.filter.apply")}
            </Button>
            {filtered && (
              <Link className="utrecht-link" to="/bibliotheek">
                {t("library.filter.clear")}
              </Link>
            )}
          </Form>

          <Paragraph className="rt-muted" role="status">
            {countText(t, locale, "library.count", templates.length)}
          </Paragraph>

          {templates.length === 0 ? (
            <div className="rt-card rt-empty">
              <Paragraph>{t(filtered ? "library.emptyFiltered" : "library.empty")}</Paragraph>
            </div>
          ) : (
            <ul className="rt-grid rt-plain-list" aria-label={t("library.listLabel")}>
              {templates.map((template) => (
                <li key={template.id} className="rt-card rt-template-card">
                  <p className="rt-template-card__kind">
                    <Link className="utrecht-link" to={`/bibliotheek${libraryQueryString({ kind: template.kind })}`} aria-label={t("library.filterByKind", { kind: t(`template.kind.${template.kind}`) })}>
                      {t(`template.kind.${template.kind}`)}
                    </Link>
                  </p>
                  <Heading level={2} appearance="utrecht-heading-3">
                    <Link className="utrecht-link" to={`/bibliotheek/${template.id}`}>
                      {template.title}
                    </Link>
                  </Heading>
                  {template.description && <Paragraph className="rt-template-card__description">{template.description}</Paragraph>}
                  <TemplateTags tags={template.tags} />
                  <dl className="rt-facts">
                    <div>
                      <dt>{t("library.provenance")}</dt>
                      <dd>{template.provenance}</dd>
                    </div>
                    <div>
                      <dt>{t("library.version")}</dt>
                      <dd>{t("library.versionNumber", { number: template.version })}</dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
