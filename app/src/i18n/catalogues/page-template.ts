import type { Catalogue } from "@regiotafel/domain";

/** The page template's own texts (issue 18, ADR 0028; merged into uiMessages). */
export const pageTemplateMessages: Catalogue = {
  nl: {
    "page.onThisPage": "Op deze pagina",
    "ws.manageShort": "Beheer",
  },
  en: {
    "page.onThisPage": "On this page",
    "ws.manageShort": "Manage",
  },
};
