import type { Catalogue } from "@regiotafel/domain";

/** Interface texts of the tenders pages (merged into uiMessages; every key in both languages). */
export const tendersMessages: Catalogue = {
  nl: {},
  en: {},
};
