import type { Catalogue } from "@regiotafel/domain";

/** Interface texts of the history's field changes and document text edits (issue 18 point 5; merged into uiMessages). */
export const historyMessages: Catalogue = {
  nl: {
    "history.edit.text": "Tekst van ‘{title}’ bewerkt",
    "history.edit.line": "{text} — {hours}, {count}",
    "history.edit.updates.one": "1 wijziging",
    "history.edit.updates.other": "{count} wijzigingen",
    "history.value.yes": "ja",
    "history.value.no": "nee",
  },
  en: {
    "history.edit.text": "Edited the text of ‘{title}’",
    "history.edit.line": "{text} — {hours}, {count}",
    "history.edit.updates.one": "1 change",
    "history.edit.updates.other": "{count} changes",
    "history.value.yes": "yes",
    "history.value.no": "no",
  },
};
