import { describe, expect, it } from "vitest";
import { makeT } from "~/i18n/use-t";
import { isCommentShortcut } from "./CommentButton";

const key = (over: Partial<KeyboardEvent>) => ({ ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, code: "KeyM", ...over });

describe("commenting on the selected text", () => {
  it("takes Ctrl+Alt+M and Cmd+Option+M (by the key's place), nothing else", () => {
    expect(isCommentShortcut(key({ ctrlKey: true, altKey: true }))).toBe(true);
    expect(isCommentShortcut(key({ metaKey: true, altKey: true }))).toBe(true);
    expect(isCommentShortcut(key({ ctrlKey: true }))).toBe(false);
    expect(isCommentShortcut(key({ altKey: true }))).toBe(false);
    expect(isCommentShortcut(key({ ctrlKey: true, altKey: true, shiftKey: true }))).toBe(false);
    expect(isCommentShortcut(key({ ctrlKey: true, altKey: true, code: "KeyN" }))).toBe(false);
  });

  it.each(["nl", "en"] as const)("names the button and its shortcut (%s)", (locale) => {
    const t = makeT(locale);
    expect(t("editor.comment.button")).toBe(locale === "nl" ? "Reageren" : "Comment");
    expect(t("editor.comment.title", { keys: "Ctrl+Alt+M" })).toContain("Ctrl+Alt+M");
    expect(t("editor.comment.hint", { keys: "Ctrl+Alt+M" })).toContain("Ctrl+Alt+M");
  });
});
