import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { load, requireUser } from "~/lib/api.server";
import { MyNetworks } from "~/components/home/MyNetworks";
import { ReviewsWaiting } from "~/components/home/ReviewsWaiting";
import { WorkspaceAttention } from "~/components/home/WorkspaceAttention";
import { countText } from "~/lib/format";
import { useLocale, useT } from "~/i18n/use-t";
import { pageTitle } from "~/lib/meta";
import { NoticeMessage } from "~/components/NoticeMessage";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.home") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const [workspaces, attention, reviews, networks] = await Promise.all([
    load(context, request, () => context.api.workspace.list()),
    load(context, request, () => context.api.workspace.attention()),
    load(context, request, () => context.api.library.reviewQueue()),
    load(context, request, () => context.api.library.networks()),
  ]);
  return { name: user.name, workspaces, attention, reviews, networks };
}

export default function MyWorkspaces() {
  const { name, workspaces, attention, reviews, networks } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("workspaces.welcome", { name })}</p>
        <Heading level={1}>{t("nav.workspaces")}</Heading>
        <Paragraph className="rt-lead">{t("workspaces.intro")}</Paragraph>
      </header>
      <NoticeMessage messages={{ verlaten: t("notice.workspace.left") }} />
      <ReviewsWaiting reviews={reviews} />
      {workspaces.length === 0 ? (
        <div className="rt-card rt-empty">
          <Heading level={2} appearance="utrecht-heading-3">
            {t("workspaces.emptyTitle")}
          </Heading>
          <Paragraph>{t("workspaces.empty")}</Paragraph>
        </div>
      ) : (
        <ul className="rt-grid rt-plain-list" aria-label={t("nav.workspaces")}>
          {workspaces.map((w) => (
            <li key={w.slug} className="rt-card rt-workspace-card">
              <Heading level={2} appearance="utrecht-heading-3">
                <Link className="utrecht-link rt-card-link" to={`/w/${w.slug}`}>
                  {w.name}
                </Link>
              </Heading>
              {w.regions.length > 0 && <Paragraph className="rt-muted rt-small">{w.regions.join(" · ")}</Paragraph>}
              {w.description && <Paragraph className="rt-workspace-card__description">{w.description}</Paragraph>}
              <WorkspaceAttention attention={attention.find((a) => a.slug === w.slug)} workspaceName={w.name} />
              <dl className="rt-facts">
                <div>
                  <dt>{t("workspaces.yourRole")}</dt>
                  <dd>
                    <span className="rt-badge rt-badge--role">{t(`role.${w.role}`)}</span>
                  </dd>
                </div>
                <div>
                  <dt className="rt-visually-hidden">{t("workspaces.membersLabel")}</dt>
                  <dd>{countText(t, locale, "ws.memberCount", w.memberCount)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <MyNetworks networks={networks} />
    </div>
  );
}
