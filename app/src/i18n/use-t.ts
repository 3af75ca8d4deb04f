import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, translate, type Locale, type Params } from "@regiotafel/domain";
import { uiMessages } from "./ui-messages";

export type T = (key: string, params?: Params) => string;

export function makeT(locale: Locale): T {
  return (key, params) => translate(uiMessages, locale, key, params);
}

/** The locale chosen in the root loader (Dutch unless the user switched). */
export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  return data?.locale ?? DEFAULT_LOCALE;
}

export function useT(): T {
  return makeT(useLocale());
}
