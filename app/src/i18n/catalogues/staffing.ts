import type { Catalogue } from "@regiotafel/domain";

/** Interface texts of the staffing pages (merged into uiMessages; every key in both languages). */
export const staffingMessages: Catalogue = {
  nl: {},
  en: {},
};
