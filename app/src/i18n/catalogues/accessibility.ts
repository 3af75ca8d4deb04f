import type { Catalogue } from "@regiotafel/domain";

/**
 * The accessibility statement (issue 18, point 6; routes/toegankelijkheid.tsx), in the format of
 * the model statement Dutch public bodies publish, and the footer link to it. Merged into uiMessages.
 */
export const accessibilityMessages: Catalogue = {
  nl: {
    "footer.accessibility": "Toegankelijkheid",
    "title.accessibility": "Toegankelijkheidsverklaring",

    "a11y.title": "Toegankelijkheidsverklaring",
    "a11y.intro":
      "Iedereen moet Regiotafel kunnen gebruiken, ook wie slecht ziet, alleen een toetsenbord gebruikt, een schermlezer gebruikt of inzoomt. Daarom houden we ons aan de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau AA, de norm uit het Besluit digitale toegankelijkheid overheid. In deze verklaring staat hoe ver we daarmee zijn.",
    "a11y.about.title": "Over deze verklaring",
    "a11y.about.organisation": "Organisatie",
    "a11y.about.organisationValue": "De beheerder van deze Regiotafel-installatie (zie Contact hieronder)",
    "a11y.about.application": "Applicatie",
    "a11y.about.applicationValue": "Regiotafel, de webapplicatie voor samenwerking bij inkoop in het sociaal domein (cloudapplicatie voor gemeenten en regio's)",
    "a11y.about.address": "Adres",
    "a11y.about.date": "Datum van deze verklaring",
    "a11y.about.scope": "Reikwijdte",
    "a11y.about.scopeValue":
      "Alle pagina's van de applicatie, met en zonder inloggen, in het Nederlands en het Engels: inloggen, werkruimtes, aanbestedingen, documenten en de editor, planning, formatie, governance, scenario's, de sjabloonbibliotheek, zoeken, account en platformbeheer.",

    "a11y.status.title": "Nalevingsstatus",
    "a11y.status.value": "Regiotafel voldoet gedeeltelijk aan WCAG 2.1 niveau AA.",
    "a11y.status.why":
      "Alle automatisch toetsbare eisen worden op elke pagina gehaald en de belangrijkste taken werken met alleen een toetsenbord. Een volledig onderzoek door een onafhankelijke deskundige langs alle succescriteria (volgens de WCAG-EM-methode) is nog niet gedaan; daarom melden we nog niet dat Regiotafel volledig voldoet.",

    "a11y.tested.title": "Hoe is getest",
    "a11y.tested.intro": "Bij elke wijziging van Regiotafel draaien deze tests automatisch in de continue integratie; een wijziging die een test breekt, wordt niet opgenomen.",
    "a11y.tested.axe":
      "De toetsregels van axe-core voor WCAG 2.0 en 2.1, niveau A en AA, in een echte Chromium-browser, op elke pagina, in het Nederlands en het Engels, op 1280 en 390 pixels breed. Een nieuwe pagina zonder deze toets laat de test falen.",
    "a11y.tested.reflow": "Geen enkele pagina schuift zijwaarts op 1280, 390 en 320 pixels breed en bij 200% zoom (WCAG 1.4.10 Reflow).",
    "a11y.tested.keyboard":
      "De belangrijkste taken met alleen het toetsenbord, met een zichtbare focus: inloggen, de strategie bewerken en opslaan, als gemeente meedoen aan een perceel, een scenario scoren en een sjabloon publiceren in de bibliotheek.",
    "a11y.tested.skip": "Elke pagina begint met een link ‘Direct naar de inhoud’ en heeft een koptekst, een hoofdinhoud en een voettekst als herkenningspunten.",

    "a11y.exceptions.title": "Bekende uitzonderingen en wat we plannen",
    "a11y.exceptions.audit": "Een onderzoek door een deskundige langs alle 50 succescriteria, met schermlezers (NVDA, VoiceOver) en spraakbesturing, is nog niet gedaan. Gepland: een WCAG-EM-onderzoek; de uitkomst komt in deze verklaring.",
    "a11y.exceptions.editor":
      "In de documenteditor worden de cursors en namen van anderen die tegelijk bewerken alleen visueel getoond; een schermlezer meldt niet wie waar typt. Wat zij typen komt wel in de tekst en wordt gewoon voorgelezen.",
    "a11y.exceptions.files": "Downloads (CSV-bestanden en werkruimte-archieven) zijn gegevensbestanden voor andere programma's en zijn niet op toegankelijkheid getoetst.",

    "a11y.contact.title": "Contact en feedback",
    "a11y.contact.body":
      "Kun je een deel van Regiotafel niet gebruiken, of zie je een toegankelijkheidsprobleem? Meld het ons. Je krijgt binnen 5 werkdagen een ontvangstbevestiging en binnen 3 weken een inhoudelijke reactie, met wat we doen en wanneer.",
    "a11y.contact.label": "Contactgegevens van de beheerder",

    "a11y.enforcement.title": "Handhavingsprocedure",
    "a11y.enforcement.body":
      "Ben je niet tevreden met onze reactie, of reageren we niet op tijd? Dan kun je een klacht indienen bij de Nationale ombudsman. Gebruikt je gemeente Regiotafel, dan kan ook de ombudsman of ombudscommissie van je gemeente de klacht behandelen.",
    "a11y.enforcement.link": "Nationale ombudsman: klacht indienen",
  },
  en: {
    "footer.accessibility": "Accessibility",
    "title.accessibility": "Accessibility statement",

    "a11y.title": "Accessibility statement",
    "a11y.intro":
      "Everyone must be able to use Regiotafel, including people with low vision, people who use only a keyboard or a screen reader, and people who zoom in. We therefore follow the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, the standard set by the Dutch accessibility decree for public bodies. This statement says how far we are. In Dutch this document is called the ‘toegankelijkheidsverklaring’, the name under which Dutch public bodies publish it.",
    "a11y.about.title": "About this statement",
    "a11y.about.organisation": "Organisation",
    "a11y.about.organisationValue": "The operator of this Regiotafel installation (see Contact below)",
    "a11y.about.application": "Application",
    "a11y.about.applicationValue": "Regiotafel, the web application for joint procurement in the social domain (a cloud application for municipalities and regions)",
    "a11y.about.address": "Address",
    "a11y.about.date": "Date of this statement",
    "a11y.about.scope": "Scope",
    "a11y.about.scopeValue":
      "Every page of the application, signed in and not, in Dutch and in English: sign-in, workspaces, tenders, documents and the editor, planning, staffing, governance, scenarios, the template library, search, account and platform administration.",

    "a11y.status.title": "Compliance status",
    "a11y.status.value": "Regiotafel partially complies with WCAG 2.1 level AA.",
    "a11y.status.why":
      "Every requirement that can be tested automatically is met on every page, and the main tasks work with a keyboard alone. A full review of all success criteria by an independent expert (following the WCAG-EM method) has not been done yet; until then we do not claim full compliance.",

    "a11y.tested.title": "How it was tested",
    "a11y.tested.intro": "These tests run automatically in continuous integration on every change to Regiotafel; a change that breaks one is not accepted.",
    "a11y.tested.axe":
      "The axe-core rules for WCAG 2.0 and 2.1, levels A and AA, in a real Chromium browser, on every page, in Dutch and in English, 1280 and 390 pixels wide. A new page without this check makes the test fail.",
    "a11y.tested.reflow": "No page scrolls sideways at 1280, 390 and 320 pixels wide or at 200% zoom (WCAG 1.4.10 Reflow).",
    "a11y.tested.keyboard":
      "The main tasks with the keyboard alone, with a visible focus: signing in, editing and saving the strategy, a municipality joining a lot, scoring a scenario and publishing a template to the library.",
    "a11y.tested.skip": "Every page starts with a ‘Skip to content’ link and has a header, main content and a footer as landmarks.",

    "a11y.exceptions.title": "Known exceptions and what we plan",
    "a11y.exceptions.audit": "A review by an expert of all 50 success criteria, with screen readers (NVDA, VoiceOver) and voice control, has not been done yet. Planned: a WCAG-EM review; its outcome will be added to this statement.",
    "a11y.exceptions.editor":
      "In the document editor the cursors and names of others editing at the same time are shown visually only; a screen reader does not announce who is typing where. What they type does appear in the text and is read as usual.",
    "a11y.exceptions.files": "Downloads (CSV files and workspace archives) are data files for other programs and have not been checked for accessibility.",

    "a11y.contact.title": "Contact and feedback",
    "a11y.contact.body":
      "Is there a part of Regiotafel you cannot use, or do you see an accessibility problem? Tell us. You will receive an acknowledgement within 5 working days and an answer within 3 weeks, saying what we will do and when.",
    "a11y.contact.label": "The operator's contact details",

    "a11y.enforcement.title": "Enforcement procedure",
    "a11y.enforcement.body":
      "Are you not satisfied with our answer, or do we not answer in time? Then you can file a complaint with the National Ombudsman of the Netherlands. If your municipality uses Regiotafel, the municipality's own ombudsman can also handle the complaint.",
    "a11y.enforcement.link": "National Ombudsman: file a complaint",
  },
};
