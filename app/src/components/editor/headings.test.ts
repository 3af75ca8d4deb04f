import { describe, expect, it } from "vitest";
import { makeT } from "~/i18n/use-t";
import { HEADING_OFFSET, PREVIEW_HEADING_OFFSET, headingTag, toolName } from "./headings";

describe("the editor's headings and toolbar names", () => {
  it("renders the text's headings right below the page's h1 (the document's title), without a gap", () => {
    expect(headingTag(1)).toBe("h2");
    expect(headingTag(2)).toBe("h3");
    expect(headingTag(3)).toBe("h4");
    for (let level = -3; level <= 12; level++) {
      const n = Number(headingTag(level).slice(1));
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(6);
    }
  });

  it("renders a version preview's headings right below the preview's h3", () => {
    expect(HEADING_OFFSET).toBe(1);
    expect(PREVIEW_HEADING_OFFSET).toBe(3);
    expect([1, 2, 3].map((level) => headingTag(level, PREVIEW_HEADING_OFFSET))).toEqual(["h4", "h5", "h6"]);
    for (let level = -3; level <= 12; level++) {
      const n = Number(headingTag(level, PREVIEW_HEADING_OFFSET).slice(1));
      expect(n).toBeGreaterThanOrEqual(4);
      expect(n).toBeLessThanOrEqual(6);
    }
  });

  it.each(["nl", "en"] as const)("names every button with text after what it shows (label in name, %s)", (locale) => {
    const t = makeT(locale);
    const shown: Array<[string, string]> = [
      ["H1", t("editor.heading", { level: 1 })],
      ["H2", t("editor.heading", { level: 2 })],
      ["H3", t("editor.heading", { level: 3 })],
      ["B", t("editor.bold")],
      ["I", t("editor.italic")],
      ["1.", t("editor.orderedList")],
    ];
    for (const [visible, label] of shown) {
      const name = toolName(visible, label);
      expect(name.startsWith(visible)).toBe(true);
      expect(name).toContain(label);
    }
    expect(toolName("¶", t("editor.paragraph"))).toBe(t("editor.paragraph"));
    expect(toolName("⊞", t("editor.table"))).toBe(t("editor.table"));
  });
});
