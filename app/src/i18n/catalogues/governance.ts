import type { Catalogue } from "@regiotafel/domain";

/** Interface texts of the governance pages (merged into uiMessages; every key in both languages). */
export const governanceMessages: Catalogue = {
  nl: {},
  en: {},
};
