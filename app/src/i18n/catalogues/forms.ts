import type { Catalogue } from "@regiotafel/domain";

/** Texts of issue 18's forms and tables: success messages after a redirect (~/lib/notice), help texts. */
export const formsMessages: Catalogue = {
  nl: {
    "notice.tender.created": "Aanbesteding ‘{title}’ is aangemaakt.",
    "notice.document.created": "Document ‘{title}’ is aangemaakt.",
    "notice.assessment.created": "Beoordeling ‘{title}’ is aangemaakt.",
    "notice.fromTemplate": "‘{title}’ is aangemaakt uit het sjabloon.",
    "notice.workspace.created": "Werkruimte ‘{name}’ is aangemaakt.",
    "notice.workspace.welcome": "Welkom in {name}: je hebt de uitnodiging aangenomen.",
    "notice.workspace.deleted": "De werkruimte is verwijderd.",
    "notice.workspace.left": "Je hebt de werkruimte verlaten.",
    "assessments.lock.done": "De beoordeling is vastgesteld; er kan niet meer gescoord worden.",

    "empty.regions": "geen regio's",
    "empty.municipalities": "geen gemeenten",
    "empty.tenders": "geen aanbestedingen gekoppeld",
    "empty.documents": "geen documenten",
    "empty.nextMilestone": "geen gepland",
    "empty.notReviewed": "nog niet beoordeeld",
    "empty.noNote": "geen toelichting",

    "staffing.chart.largestGapDetail": "Het grootste tekort heeft {name}: {detail}.",
    "help.amount": "In euro’s, bijvoorbeeld 1.250.000 (punten tussen de duizendtallen mogen).",
    "help.percentage": "Een percentage van 0 tot 100; een komma mag, bijvoorbeeld 2,5.",
    "help.fte": "In fte: 1 is een volledige werkweek, 0,5 een halve; een komma mag.",
    "help.scoreScale": "Punten: 1 = beperkt voldaan, 3 = voldaan, 5 = uitstekend voldaan.",
  },
  en: {
    "notice.tender.created": "Tender ‘{title}’ has been created.",
    "notice.document.created": "Document ‘{title}’ has been created.",
    "notice.assessment.created": "Assessment ‘{title}’ has been created.",
    "notice.fromTemplate": "‘{title}’ has been created from the template.",
    "notice.workspace.created": "Workspace ‘{name}’ has been created.",
    "notice.workspace.welcome": "Welcome to {name}: you have accepted the invitation.",
    "notice.workspace.deleted": "The workspace has been deleted.",
    "notice.workspace.left": "You have left the workspace.",
    "assessments.lock.done": "The assessment has been locked; no more scores can be given.",

    "empty.regions": "no regions",
    "empty.municipalities": "no municipalities",
    "empty.tenders": "no tenders linked",
    "empty.documents": "no documents",
    "empty.nextMilestone": "none planned",
    "empty.notReviewed": "not reviewed yet",
    "empty.noNote": "no note",

    "staffing.chart.largestGapDetail": "The largest gap is in {name}: {detail}.",
    "help.amount": "In euros, for example 1,250,000 (thousands separators are fine).",
    "help.percentage": "A percentage from 0 to 100; decimals are fine, for example 2.5.",
    "help.fte": "In FTE: 1 is a full working week, 0.5 half of one; decimals are fine.",
    "help.scoreScale": "Points: 1 = partly met, 3 = met, 5 = fully met.",
  },
};
