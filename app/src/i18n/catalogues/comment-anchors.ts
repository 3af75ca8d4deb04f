import type { Catalogue } from "@regiotafel/domain";

/** Interface texts of commenting on a passage in the editor (issue 21 point 1; merged into uiMessages). */
export const commentAnchorsMessages: Catalogue = {
  nl: {
    "editor.comment.button": "Reageren",
    "editor.comment.title": "Reageren op de geselecteerde tekst ({keys})",
    "editor.comment.hint": "Selecteer tekst om erop te reageren ({keys}).",
  },
  en: {
    "editor.comment.button": "Comment",
    "editor.comment.title": "Comment on the selected text ({keys})",
    "editor.comment.hint": "Select text to comment on it ({keys}).",
  },
};
