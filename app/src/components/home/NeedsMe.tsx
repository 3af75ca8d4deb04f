import { Link as RemixRouterLink } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import type { SerializeFrom } from "@remix-run/node";
import { countText, formatDateTime } from "~/lib/format";
import { describeAuditEvent, isHistoryFilter } from "~/lib/history";
import { formatDate } from "~/lib/tenders";
import type { WorkspaceOverview } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import type { loader } from "~/routes/w.$workspace._index";

// The workspace home's first section (issue 18, point 1): what is waiting for the member, each
// item a link to the exact place. Loader data arrives serialised (dates as strings).

export type NeedsMeItems = SerializeFrom<typeof loader>["needs"];

function Group({ id, heading, children }: { id: string; heading: string; children: React.ReactNode }) {
  return (
    <section className="rt-stack" aria-labelledby={id}>
      <Heading level={3} id={id}>
        {heading}
      </Heading>
      {children}
    </section>
  );
}

export function NeedsMe({ needs, overview }: { needs: NeedsMeItems; overview: WorkspaceOverview }) {
  const t = useT();
  const locale = useLocale();
  const base = `/w/${overview.slug}`;
  const own = overview.regions.flatMap((r) => r.municipalities).find((m) => m.isOwn);
  const municipalityName = (id: string) => overview.regions.flatMap((r) => r.municipalities).find((m) => m.id === id)?.name;
  const empty = needs.mentions.length + needs.openThreads.length + needs.lotDecisions.length + needs.scoring.length + needs.milestones.length + needs.reviews.length + needs.changes.length === 0;
  const changeTarget = (c: NeedsMeItems["changes"][number]) => {
    if (c.tenderId) {
      const anchor = c.entityType === "lot" ? `#lot-${c.entityId}` : c.entityType === "milestone" ? `#milestone-${c.entityId}` : "";
      return `${base}/aanbestedingen/${c.tenderId}${anchor}`;
    }
    if (c.entityType === "assessment") return `${base}/scenarios/${c.entityId}`;
    return isHistoryFilter(c.entityType) ? `${base}/wijzigingen?soort=${c.entityType}` : `${base}/wijzigingen`;
  };
  return (
    <section className="rt-card rt-card--accent rt-stack" aria-labelledby="needs-heading" id="aandacht">
      <div>
        <Heading level={2} id="needs-heading">
          {t("home.needs.title")}
        </Heading>
        <Paragraph className="rt-muted rt-tight">{t("home.needs.intro", { workspace: overview.name })}</Paragraph>
      </div>
      {empty && (
        <div className="rt-stack">
          <Paragraph>{t("home.needs.empty")}</Paragraph>
          <ul className="rt-compact-list">
            <li>
              <RemixRouterLink className="utrecht-link" to={`${base}/aanbestedingen`}>
                {t("home.needs.empty.tenders")}
              </RemixRouterLink>
            </li>
            <li>
              <RemixRouterLink className="utrecht-link" to={`${base}/documenten`}>
                {t("home.needs.empty.documents")}
              </RemixRouterLink>
            </li>
          </ul>
        </div>
      )}
      {needs.mentions.length > 0 && (
        <Group id="needs-mentions" heading={countText(t, locale, "home.needs.mentions", needs.mentions.length)}>
          <ul className="rt-compact-list">
            {needs.mentions.map((m) => (
              <li key={m.id}>
                <RemixRouterLink className="utrecht-link" to={`/meldingen/${m.id}`}>
                  {t("home.needs.mentions.link", { actor: m.actor ?? t("inbox.someone"), subject: m.subject })}
                </RemixRouterLink>
                {m.excerpt && <span className="rt-muted rt-block">“{m.excerpt}”</span>}
              </li>
            ))}
          </ul>
        </Group>
      )}
      {needs.openThreads.length > 0 && (
        <Group id="needs-threads" heading={countText(t, locale, "home.needs.threads", needs.openThreads.length)}>
          <ul className="rt-compact-list">
            {needs.openThreads.map((thread) => (
              <li key={thread.id}>
                <RemixRouterLink className="utrecht-link" to={thread.path}>
                  {t("home.needs.threads.link", { title: thread.title })}
                </RemixRouterLink>
              </li>
            ))}
          </ul>
          <RemixRouterLink className="utrecht-link" to={`${base}/reacties`}>
            {t("discussion.allOpen")}
          </RemixRouterLink>
        </Group>
      )}
      {needs.lotDecisions.length > 0 && (
        <Group id="needs-lots" heading={countText(t, locale, "home.needs.lots", needs.lotDecisions.length)}>
          <ul className="rt-compact-list">
            {needs.lotDecisions.map((d) => (
              <li key={d.lotId}>
                <RemixRouterLink className="utrecht-link" to={`${base}/aanbestedingen/${d.tenderId}#lot-${d.lotId}`}>
                  {t("home.needs.lots.link", { lot: d.lotTitle, tender: d.tenderTitle })}
                </RemixRouterLink>
                <span className="rt-muted rt-block">
                  {[
                    own ? t("home.needs.lots.item", { municipality: own.name, lot: d.lotTitle, tender: d.tenderTitle }) : null,
                    d.deadline ? t("home.needs.lots.deadline", { title: d.deadline.title, date: formatDate(d.deadline.dueDate, locale) }) : null,
                    d.canChoose ? null : t("home.needs.lots.readOnly"),
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </li>
            ))}
          </ul>
        </Group>
      )}
      {needs.scoring.length > 0 && (
        <Group id="needs-scoring" heading={countText(t, locale, "home.needs.scoring", needs.scoring.length)}>
          <ul className="rt-compact-list">
            {needs.scoring.map((s) => (
              <li key={s.id}>
                <RemixRouterLink className="utrecht-link" to={`${base}/scenarios/${s.id}`}>
                  {t("home.needs.scoring.link", { title: s.title })}
                </RemixRouterLink>
                <span className="rt-muted rt-block">{t("home.needs.scoring.progress", { scored: s.scored, cells: s.cells })}</span>
              </li>
            ))}
          </ul>
        </Group>
      )}
      {needs.milestones.length > 0 && (
        <Group id="needs-milestones" heading={countText(t, locale, "home.needs.milestones", needs.milestones.length)}>
          <ul className="rt-compact-list">
            {needs.milestones.map((m) => (
              <li key={m.id}>
                <RemixRouterLink className="utrecht-link" to={`${base}/aanbestedingen/${m.tenderId}#milestone-${m.id}`}>
                  {t("home.needs.milestones.link", { title: m.title, tender: m.tenderTitle })}
                </RemixRouterLink>
                <span className={m.overdue ? "rt-block rt-overdue-text" : "rt-muted rt-block"}>
                  {t(m.overdue ? "home.needs.milestones.overdue" : "home.needs.milestones.due", { date: formatDate(m.dueDate, locale) })}
                </span>
              </li>
            ))}
          </ul>
          <Paragraph className="rt-tight">
            <RemixRouterLink className="utrecht-link" to={`${base}/planning`}>
              {t("home.needs.milestones.all")}
            </RemixRouterLink>
          </Paragraph>
        </Group>
      )}
      {needs.reviews.length > 0 && (
        <Group id="needs-reviews" heading={countText(t, locale, "home.needs.reviews", needs.reviews.length)}>
          <ul className="rt-compact-list">
            {needs.reviews.map((r) => (
              <li key={r.id}>
                <RemixRouterLink className="utrecht-link" to={`/bibliotheek/beoordelen#review-${r.id}`}>
                  {t("home.needs.reviews.link", { title: r.title, number: r.number })}
                </RemixRouterLink>
                <span className="rt-muted rt-block">{t("home.needs.reviews.meta", { network: r.network, date: formatDateTime(r.submittedAt, locale) })}</span>
              </li>
            ))}
          </ul>
        </Group>
      )}
      {needs.changes.length > 0 && (
        <Group id="needs-changes" heading={countText(t, locale, "home.needs.changes", needs.changes.length)}>
          <ul className="rt-compact-list">
            {needs.changes.map((c) => (
              <li key={c.id}>
                <RemixRouterLink className="utrecht-link" to={changeTarget(c)}>
                  {t("home.needs.changes.open", { description: describeAuditEvent(c, t, municipalityName) })}
                </RemixRouterLink>
                <span className="rt-muted rt-block">{t("home.needs.changes.meta", { actor: c.actor ?? t("history.system"), date: formatDateTime(c.at, locale) })}</span>
              </li>
            ))}
          </ul>
          <Paragraph className="rt-tight">
            <RemixRouterLink className="utrecht-link" to={`${base}/wijzigingen`}>
              {t("home.needs.changes.all")}
            </RemixRouterLink>
          </Paragraph>
        </Group>
      )}
    </section>
  );
}
