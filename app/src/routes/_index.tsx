import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { load, requireUser } from "~/lib/api.server";
import { countText } from "~/lib/format";
import { useLocale, useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "Mijn werkruimtes — Regiotafel" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return { name: user.name, workspaces: await load(context, request, () => context.api.workspace.list()) };
}

export default function MyWorkspaces() {
  const { name, workspaces } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="rt-stack rt-stack--loose">
      <header className="rt-page-header">
        <p className="rt-eyebrow">{t("workspaces.welcome", { name })}</p>
        <Heading level={1}>{t("nav.workspaces")}</Heading>
        <Paragraph className="rt-lead">{t("workspaces.intro")}</Paragraph>
      </header>
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
    </div>
  );
}
