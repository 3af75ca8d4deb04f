import { useEffect, useRef } from "react";
import { useEditorState, type Editor } from "@tiptap/react";
import { useT } from "~/i18n/use-t";
import { anchorFromSelection, bindingOf, type CommentAnchor } from "./comment-anchors";

/** Ctrl+Alt+M (Cmd+Option+M on a Mac): by the key's place, as Option+M types "µ" on a Mac. */
export function isCommentShortcut(event: Pick<KeyboardEvent, "ctrlKey" | "metaKey" | "altKey" | "shiftKey" | "code">): boolean {
  return (event.ctrlKey || event.metaKey) && event.altKey && !event.shiftKey && event.code === "KeyM";
}

/** The anchor of the editor's current selection, or null (nothing selected, only blanks, not synced yet). */
export function selectionAnchor(editor: Editor): CommentAnchor | null {
  const { state } = editor;
  const binding = bindingOf(state);
  if (!binding || state.selection.empty) return null;
  return anchorFromSelection(binding, state.doc, state.selection.from, state.selection.to);
}

/**
 * "Reageren" on the selected text. Viewers may comment too, so this works on a read-only
 * editor (the selection there follows the browser's). A bar below the toolbar keeps its place:
 * a hint while nothing is selected, the button once text is; plus the shortcut Ctrl/Cmd+Alt+M
 * while the selection is in the editor.
 */
export function CommentButton({ editor, onComment }: { editor: Editor; onComment(anchor: CommentAnchor): void }) {
  const t = useT();
  const hasText = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      if (!current || current.state.selection.empty) return false;
      const { from, to } = current.state.selection;
      return current.state.doc.textBetween(from, to, " ", " ").trim() !== "";
    },
  });
  const onCommentRef = useRef(onComment);
  onCommentRef.current = onComment;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isCommentShortcut(event) || editor.isDestroyed || !editor.isInitialized) return;
      const dom = editor.view.dom;
      const selection = dom.ownerDocument.getSelection();
      const inEditor = editor.view.hasFocus() || (!!selection?.anchorNode && dom.contains(selection.anchorNode));
      if (!inEditor) return;
      const anchor = selectionAnchor(editor);
      if (!anchor) return;
      event.preventDefault();
      onCommentRef.current(anchor);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [editor]);

  const mac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
  const keys = mac ? "⌘⌥M" : "Ctrl+Alt+M";
  return (
    <div className="rt-editor__comment">
      {hasText ? (
        <button
          type="button"
          className="utrecht-button utrecht-button--secondary-action rt-editor__comment-button"
          aria-keyshortcuts="Control+Alt+M Meta+Alt+M"
          title={t("editor.comment.title", { keys })}
          // Keep the selection: a mouse press on the button must not move it.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            const anchor = selectionAnchor(editor);
            if (anchor) onCommentRef.current(anchor);
          }}
        >
          {t("editor.comment.button")}
        </button>
      ) : (
        <p className="rt-editor__comment-hint rt-muted">{t("editor.comment.hint", { keys })}</p>
      )}
    </div>
  );
}
