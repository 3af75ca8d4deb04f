import { DEFAULT_LOCALE, isLocale } from "@regiotafel/domain";
import { makeT, type T } from "~/i18n/use-t";
import { WORKSPACE_ROUTE } from "./workspace";

type Matches = readonly { id: string; data?: unknown }[];

/** The translator for a route's `meta`: the locale comes from the root loader's data. */
export function metaT(matches: Matches): T {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  return makeT(isLocale(locale) ? locale : DEFAULT_LOCALE);
}

/** "Account — Regiotafel" in the user's language; `title` is a message key, or a record's own title. */
export function pageTitle(matches: Matches, key: string, options: { own?: string; section?: string } = {}): string {
  const t = metaT(matches);
  return [options.own ?? t(key), options.section ? t(options.section) : null, t("app.name")].filter(Boolean).join(" — ");
}

/** "Leden · Samenwerking … Limburg — Regiotafel" in the user's language; `own` is a record's own title. */
export function workspacePageTitle(matches: Matches, key?: string, own?: string): string {
  const t = metaT(matches);
  const name = (matches.find((m) => m.id === WORKSPACE_ROUTE)?.data as { overview?: { name?: string } } | undefined)?.overview?.name;
  const section = own || (key ? t(key) : undefined);
  return `${[section, name].filter(Boolean).join(" · ")} — ${t("app.name")}`;
}
