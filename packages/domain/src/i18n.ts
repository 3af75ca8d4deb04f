export const LOCALES = ["nl", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "nl";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export type Catalogue = Record<Locale, Record<string, string>>;
export type Params = Record<string, string | number>;

/**
 * Looks up `key` in the catalogue for `locale`, falling back to Dutch and then to the key
 * itself, and fills `{name}` placeholders from `params`.
 */
export function translate(catalogue: Catalogue, locale: Locale, key: string, params?: Params): string {
  const template = catalogue[locale][key] ?? catalogue[DEFAULT_LOCALE][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}
