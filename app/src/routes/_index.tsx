import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Heading, Paragraph } from "@utrecht/component-library-react";
import { load, requireUser } from "~/lib/api.server";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "Mijn werkruimtes — Regiotafel" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  return { workspaces: await load(context, request, () => context.api.workspace.list()) };
}

export default function MyWorkspaces() {
  const { workspaces } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="rt-stack">
      <Heading level={1}>{t("nav.workspaces")}</Heading>
      {workspaces.length === 0 ? (
        <Paragraph className="rt-card">{t("workspaces.empty")}</Paragraph>
      ) : (
        <ul className="rt-grid rt-plain-list">
          {workspaces.map((w) => (
            <li key={w.slug} className="rt-card rt-stack">
              <Heading level={2} appearance="utrecht-heading-3">
                <Link className="utrecht-link" to={`/w/${w.slug}`}>
                  {w.name}
                </Link>
              </Heading>
              <Paragraph className="rt-muted">{w.regions.join(" · ")}</Paragraph>
              {w.description && <Paragraph>{w.description}</Paragraph>}
              <Paragraph appearance="small" className="rt-muted">
                {t("workspaces.role", { role: t(`role.${w.role}`) })} · {t("workspaces.members", { count: w.memberCount })}
              </Paragraph>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
