import type { Locale } from "@regiotafel/domain";
import type { T } from "~/i18n/use-t";

/** Everyone using Regiotafel works in the Netherlands: times are shown in Dutch time. */
export const TIME_ZONE = "Europe/Amsterdam";

export function intlLocale(locale: Locale): string {
  return locale === "en" ? "en-GB" : "nl-NL";
}

/**
 * A date and time such as "24 november 2026, 14:05" (en: "24 November 2026, 14:05").
 * Date and time are formatted separately and joined by us, because the word between them
 * differs between ICU versions (Node and browsers), which would break hydration.
 */
export function formatDateTime(value: Date | string | number, locale: Locale): string {
  const date = new Date(value);
  const day = new Intl.DateTimeFormat(intlLocale(locale), { day: "numeric", month: "long", year: "numeric", timeZone: TIME_ZONE }).format(date);
  const time = new Intl.DateTimeFormat(intlLocale(locale), { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: TIME_ZONE }).format(date);
  return `${day}, ${time}`;
}

/** A message with a count, in singular or plural: uses `<key>.one` or `<key>.other`. */
export function countText(t: T, locale: Locale, key: string, count: number): string {
  const form = new Intl.PluralRules(intlLocale(locale)).select(count) === "one" ? "one" : "other";
  return t(`${key}.${form}`, { count: count.toLocaleString(intlLocale(locale)) });
}

/**
 * A stored number as a form shows it ("" for none; the notation of NumberField in
 * ~/components/records/Fields), so that stored and typed values compare alike.
 */
export function numberText(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined) return "";
  return new Intl.NumberFormat(intlLocale(locale), { useGrouping: false, maximumFractionDigits: 10 }).format(value);
}
