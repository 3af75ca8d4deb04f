import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { bindingOf, locateAnchor, type AnchorBinding, type AnchorPlacement } from "./comment-anchors";

/**
 * Highlights of the comment threads on passages of the document (issue 21 point 1): one
 * decoration per open thread over the range its anchor resolves to now. Recomputed when the
 * thread list or the active thread changes (`setCommentThreads`, `setActiveCommentThread`) and
 * when the Yjs document changes (a remote change at once; an own edit is first mapped through
 * the edit, then recomputed from Yjs once the sync plugin has written it there).
 */

/** A thread as the comments API lists it. */
export interface CommentThreadAnchor {
  id: string;
  anchor: { start: string; end: string; quote: string } | null;
  resolvedAt: string | null;
}

export interface CommentHighlightsOptions {
  /** A click on a highlighted passage (the innermost one when passages overlap). */
  onSelectThread?: (threadId: string) => void;
  /**
   * Where each thread is now, whenever a thread's status changes (present, relocated, removed,
   * unknown; not on every shift of its range): the page shows "on removed text" with it.
   */
  onPlacementsChange?: (placements: ReadonlyMap<string, AnchorPlacement>) => void;
  /** The Yjs binding (default: the collaboration sync plugin's). */
  getBinding?: (state: EditorState) => AnchorBinding | null;
}

interface HighlightsState {
  threads: readonly CommentThreadAnchor[];
  activeId: string | null;
  placements: ReadonlyMap<string, AnchorPlacement>;
  decorations: DecorationSet;
}

type HighlightsMeta = { threads: readonly CommentThreadAnchor[] } | { activeId: string | null } | { recompute: true };

export const commentHighlightsKey = new PluginKey<HighlightsState>("commentHighlights");

export const COMMENT_ANCHOR_CLASS = "comment-anchor";
export const COMMENT_ANCHOR_ACTIVE_CLASS = "comment-anchor--active";

function placementsOf(state: EditorState, threads: readonly CommentThreadAnchor[], getBinding: (state: EditorState) => AnchorBinding | null) {
  const binding = getBinding(state);
  const placements = new Map<string, AnchorPlacement>();
  for (const thread of threads) {
    placements.set(thread.id, binding && thread.anchor ? locateAnchor(binding, state.doc, thread.anchor) : { status: "unknown" });
  }
  return placements;
}

function decorationsOf(state: EditorState, threads: readonly CommentThreadAnchor[], activeId: string | null, placements: ReadonlyMap<string, AnchorPlacement>) {
  const decorations: Decoration[] = [];
  for (const thread of threads) {
    const placement = placements.get(thread.id);
    if (thread.resolvedAt || placement?.status !== "present") continue;
    const active = thread.id === activeId;
    decorations.push(
      Decoration.inline(
        placement.from,
        placement.to,
        { class: active ? `${COMMENT_ANCHOR_CLASS} ${COMMENT_ANCHOR_ACTIVE_CLASS}` : COMMENT_ANCHOR_CLASS, "data-thread-id": thread.id },
        { threadId: thread.id, inclusiveStart: false, inclusiveEnd: false },
      ),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Ranges of an own edit, mapped through it until Yjs has it (typing at an edge stays outside). */
function mapPlacements(placements: ReadonlyMap<string, AnchorPlacement>, tr: Transaction) {
  const mapped = new Map<string, AnchorPlacement>();
  for (const [id, placement] of placements) {
    if (placement.status !== "present") {
      mapped.set(id, placement);
      continue;
    }
    const from = tr.mapping.map(placement.from, 1);
    const to = tr.mapping.map(placement.to, -1);
    mapped.set(id, from < to ? { status: "present", from, to } : { status: "removed" });
  }
  return mapped;
}

function statusOf(placement: AnchorPlacement | undefined): string {
  return placement?.status === "present" && placement.relocated ? "relocated" : (placement?.status ?? "");
}

function sameStatuses(a: ReadonlyMap<string, AnchorPlacement>, b: ReadonlyMap<string, AnchorPlacement>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, placement] of a) if (!b.has(id) || statusOf(placement) !== statusOf(b.get(id))) return false;
  return true;
}

function sameThreads(a: readonly CommentThreadAnchor[], b: readonly CommentThreadAnchor[]): boolean {
  return (
    a.length === b.length &&
    a.every((t, i) => {
      const u = b[i]!;
      return t.id === u.id && t.resolvedAt === u.resolvedAt && t.anchor?.start === u.anchor?.start && t.anchor?.end === u.anchor?.end && t.anchor?.quote === u.anchor?.quote;
    })
  );
}

/** The ProseMirror plugin (usable without Tiptap, e.g. in tests). */
export function commentHighlightsPlugin(options: CommentHighlightsOptions = {}): Plugin<HighlightsState> {
  const getBinding = options.getBinding ?? bindingOf;
  const compute = (state: EditorState, threads: readonly CommentThreadAnchor[], activeId: string | null): HighlightsState => {
    const placements = placementsOf(state, threads, getBinding);
    return { threads, activeId, placements, decorations: decorationsOf(state, threads, activeId, placements) };
  };
  return new Plugin<HighlightsState>({
    key: commentHighlightsKey,
    state: {
      init: (_config, state) => compute(state, [], null),
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(commentHighlightsKey) as HighlightsMeta | undefined;
        const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
        if (meta && "threads" in meta) return compute(state, meta.threads, value.activeId);
        if (meta && "activeId" in meta) return { ...value, activeId: meta.activeId, decorations: decorationsOf(state, value.threads, meta.activeId, value.placements) };
        // A change that came from Yjs (remote edit, undo, first load): the binding's mapping is current.
        if ((meta && "recompute" in meta) || sync?.isChangeOrigin) return compute(state, value.threads, value.activeId);
        if (!tr.docChanged) return value;
        const placements = mapPlacements(value.placements, tr);
        return { ...value, placements, decorations: decorationsOf(state, value.threads, value.activeId, placements) };
      },
    },
    props: {
      decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
      handleDOMEvents: {
        // A click (not the end of a drag selection) on a highlighted passage selects its thread;
        // on a read-only editor too, so this listens to the DOM rather than to ProseMirror's clicks.
        click(view, event) {
          const target = event.target instanceof Element ? event.target.closest(`.${COMMENT_ANCHOR_CLASS}[data-thread-id]`) : null;
          if (!target || !view.dom.contains(target)) return false;
          const selection = view.dom.ownerDocument.getSelection();
          if (selection && !selection.isCollapsed) return false;
          const id = target.getAttribute("data-thread-id");
          if (id) options.onSelectThread?.(id);
          return false;
        },
      },
    },
    view(view) {
      // Own edits reach Yjs after this plugin's apply (the sync plugin writes them in its view
      // update): recompute once Yjs has them, so every client shows the ranges Yjs gives. (These
      // transactions change nothing else; they carry no "addToHistory" meta, which would make
      // the sync plugin cut the undo history after every keystroke.)
      let timer: ReturnType<typeof setTimeout> | null = null;
      const schedule = () => {
        if (timer !== null || !commentHighlightsKey.getState(view.state)?.threads.length) return;
        timer = setTimeout(() => {
          timer = null;
          if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { recompute: true }));
        }, 0);
      };
      let observed = getBinding(view.state)?.type ?? null;
      observed?.observeDeep(schedule);
      let reported: ReadonlyMap<string, AnchorPlacement> | null = null;
      const report = (state: EditorState) => {
        const placements = commentHighlightsKey.getState(state)?.placements;
        if (!placements || placements === reported) return;
        const changed = !reported || sameStatuses(reported, placements) === false;
        reported = placements;
        if (changed) options.onPlacementsChange?.(placements);
      };
      report(view.state);
      return {
        update(view: EditorView) {
          const type = getBinding(view.state)?.type ?? null;
          if (type !== observed) {
            observed?.unobserveDeep(schedule);
            observed = type;
            observed?.observeDeep(schedule);
          }
          report(view.state);
        },
        destroy() {
          observed?.unobserveDeep(schedule);
          if (timer !== null) clearTimeout(timer);
        },
      };
    },
  });
}

/** Give the editor the page's threads (all of them; resolved ones are located but not highlighted). The same list again changes nothing. */
export function setCommentThreads(view: Pick<EditorView, "state" | "dispatch">, threads: readonly CommentThreadAnchor[]) {
  const current = commentHighlightsKey.getState(view.state)?.threads;
  if (current && sameThreads(current, threads)) return;
  view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { threads }));
}

/** Mark one thread's passage as the active one (or none). */
export function setActiveCommentThread(view: Pick<EditorView, "state" | "dispatch">, activeId: string | null) {
  if (commentHighlightsKey.getState(view.state)?.activeId === activeId) return;
  view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { activeId }));
}

/** Where a thread is now: present with its range, removed (its text was deleted), unknown (not loaded, no anchor), or undefined for a thread the editor was not given. */
export function threadPlacement(state: EditorState, threadId: string): AnchorPlacement | undefined {
  return commentHighlightsKey.getState(state)?.placements.get(threadId);
}

/** The Tiptap extension: add it after Collaboration. */
export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: "commentHighlights",
  addOptions() {
    return {};
  },
  addProseMirrorPlugins() {
    return [commentHighlightsPlugin(this.options)];
  },
});
