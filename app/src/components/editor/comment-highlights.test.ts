import { getSchema } from "@tiptap/core";
import { EditorState } from "@tiptap/pm/state";
import StarterKit from "@tiptap/starter-kit";
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment, updateYFragment, ySyncPlugin, ySyncPluginKey } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { anchorFromSelection, bindingOf, type CommentAnchor } from "./comment-anchors";
import { commentHighlightsKey, commentHighlightsPlugin, setActiveCommentThread, setCommentThreads, threadPlacement, type CommentThreadAnchor } from "./comment-highlights";

const schema = getSchema([StarterKit.configure({ undoRedo: false })]);

/** An editor state as the collaborative editor has it, headless: y-tiptap's sync plugin (with its binding) and the highlights. */
function editorState() {
  const ydoc = new Y.Doc();
  const type = ydoc.getXmlFragment("default");
  prosemirrorJSONToYXmlFragment(
    schema,
    { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Eerste zin. Tweede zin. Derde zin." }] }] },
    type,
  );
  const { doc, meta } = initProseMirrorDoc(type, schema);
  const state = EditorState.create({ schema, doc, plugins: [ySyncPlugin(type, { mapping: meta.mapping }), commentHighlightsPlugin()] });
  // A tiny view: dispatch applies the transaction.
  const view = {
    state,
    dispatch(tr: ReturnType<EditorState["tr"]["setMeta"]>) {
      view.state = view.state.apply(tr);
    },
  };
  const anchorOf = (text: string): CommentAnchor => {
    let from = 0;
    view.state.doc.descendants((node, pos) => {
      if (node.isText && node.text!.includes(text)) from = pos + node.text!.indexOf(text);
    });
    return anchorFromSelection(bindingOf(view.state)!, view.state.doc, from, from + text.length)!;
  };
  return { ydoc, type, meta, view, anchorOf };
}

function highlights(state: EditorState) {
  return commentHighlightsKey
    .getState(state)!
    .decorations.find()
    .map((d) => ({ text: state.doc.textBetween(d.from, d.to), attrs: (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs }));
}

describe("comment highlights", () => {
  it("highlights an open thread's passage and not a resolved one's, and marks the active thread", () => {
    const { view, anchorOf } = editorState();
    const threads: CommentThreadAnchor[] = [
      { id: "t-open", anchor: anchorOf("Tweede zin."), resolvedAt: null },
      { id: "t-resolved", anchor: anchorOf("Derde zin."), resolvedAt: "2026-12-01T10:00:00.000Z" },
      { id: "t-record", anchor: null, resolvedAt: null },
      { id: "t-garbage", anchor: { start: "!!", end: "AAAA", quote: "" }, resolvedAt: null },
    ];
    setCommentThreads(view, threads);
    expect(highlights(view.state)).toEqual([{ text: "Tweede zin.", attrs: { class: "comment-anchor", "data-thread-id": "t-open" } }]);
    // The resolved thread is still located (the page may scroll to it), only not highlighted.
    expect(threadPlacement(view.state, "t-resolved")).toMatchObject({ status: "present" });
    expect(threadPlacement(view.state, "t-record")).toEqual({ status: "unknown" });
    expect(threadPlacement(view.state, "t-garbage")).toEqual({ status: "unknown" });
    expect(threadPlacement(view.state, "t-other")).toBeUndefined();

    // The page may pass a new but equal list on every render: nothing is recomputed.
    const before = view.state;
    setCommentThreads(view, threads.map((t) => ({ ...t, anchor: t.anchor && { ...t.anchor } })));
    expect(view.state).toBe(before);

    setActiveCommentThread(view, "t-open");
    expect(highlights(view.state)[0]!.attrs.class).toBe("comment-anchor comment-anchor--active");

    // The page resolves the thread: its highlight goes.
    setCommentThreads(view, threads.map((t) => (t.id === "t-open" ? { ...t, resolvedAt: "2026-12-02T10:00:00.000Z" } : t)));
    expect(highlights(view.state)).toEqual([]);
  });

  it("follows an own edit at once, and a change from Yjs when told so", () => {
    const { ydoc, type, meta, view, anchorOf } = editorState();
    setCommentThreads(view, [{ id: "t", anchor: anchorOf("Tweede zin."), resolvedAt: null }]);

    // Own typing before and at the start of the passage stays outside it.
    const at = view.state.doc.textContent.indexOf("Tweede") + 1;
    view.dispatch(view.state.tr.insertText("Nieuw. ", at));
    expect(highlights(view.state).map((h) => h.text)).toEqual(["Tweede zin."]);

    // The sync plugin writes the edit into Yjs; then another client deletes the passage.
    updateYFragment(ydoc, type, view.state.doc, meta);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
    const otherText = (other.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const text = otherText.toString();
    otherText.delete(text.indexOf("Tweede"), "Tweede zin.".length);
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(ydoc)));

    // The binding renders the remote change (here by hand, as it does) with its change-origin meta.
    const fresh = initProseMirrorDoc(type, schema);
    meta.mapping.clear();
    fresh.meta.mapping.forEach((node, ytype) => meta.mapping.set(ytype, node));
    view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, fresh.doc.content).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
    expect(view.state.doc.textContent).toBe("Eerste zin. Nieuw.  Derde zin.");
    expect(highlights(view.state)).toEqual([]);
    expect(threadPlacement(view.state, "t")).toEqual({ status: "removed" });
  });
});
