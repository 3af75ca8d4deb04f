import { Link } from "@remix-run/react";
import { countText } from "~/lib/format";
import { useLocale, useT } from "~/i18n/use-t";

export interface Attention {
  slug: string;
  mentions: number;
  lotDecisions: number;
  scoring: number;
  overdue: number;
  upcoming: number;
}

/** On a workspace card of the platform home: how many things wait for the user there, linking to that workspace's "what needs my attention". */
export function WorkspaceAttention({ attention, workspaceName }: { attention: Attention | undefined; workspaceName: string }) {
  const t = useT();
  const locale = useLocale();
  if (!attention) return null;
  const items = (
    [
      ["home.platform.mentions", attention.mentions],
      ["home.platform.lots", attention.lotDecisions],
      ["home.platform.scoring", attention.scoring],
      ["home.platform.overdue", attention.overdue],
      ["home.platform.upcoming", attention.upcoming],
    ] as const
  ).filter(([, count]) => count > 0);
  if (items.length === 0) return <p className="rt-muted rt-small">{t("home.platform.nothing")}</p>;
  return (
    <div className="rt-attention">
      <p className="rt-attention__title">{t("home.platform.waiting")}</p>
      <ul className="rt-plain-list">
        {items.map(([key, count]) => (
          <li key={key} className={key === "home.platform.overdue" ? "rt-attention__overdue" : undefined}>
            {countText(t, locale, key, count)}
          </li>
        ))}
      </ul>
      <Link className="utrecht-link" to={`/w/${attention.slug}#aandacht`}>
        {t("home.platform.open", { workspace: workspaceName })}
      </Link>
    </div>
  );
}
