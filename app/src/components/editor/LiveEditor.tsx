import { useEffect, useMemo, useRef, useState, type MutableRefObject } from "react";
import { useRevalidator } from "@remix-run/react";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { Table, TableCell, TableHeader, TableRow } from "@tiptap/extension-table";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { CLOSE_CODES, documentRoomName } from "@regiotafel/collab/protocol";
import { holdSaved, trackSaveState, type SyncState } from "@regiotafel/collab/client";
import { useT } from "~/i18n/use-t";
import { colorFor } from "./colors";
import { CommentButton } from "./CommentButton";
import type { AnchorPlacement, CommentAnchor } from "./comment-anchors";
import { CommentHighlights, setActiveCommentThread, setCommentThreads, threadPlacement, type CommentThreadAnchor } from "./comment-highlights";
import { NestedHeading } from "./headings";
import { Toolbar } from "./Toolbar";

export interface EditorUser {
  id: string;
  name: string;
  organisation: string;
}

interface Person {
  clientId: number;
  name: string;
  organisation: string;
  color: string;
  isMe: boolean;
}

/** What the page may ask the editor about its comment threads (see the `commentsRef` prop). */
export interface CommentAnchorsHandle {
  /** Where a thread is now (undefined: the editor was not given it; "unknown" also while the text is loading). */
  placementOf(threadId: string): AnchorPlacement | undefined;
  /** Scroll a thread's passage into view; false when its text is not (or no longer) in the document. */
  scrollToThread(threadId: string): boolean;
}

export interface LiveEditorProps {
  documentId: string;
  canEdit: boolean;
  user: EditorUser;
  /** The document's comment threads (issue 21): open ones are highlighted, resolved ones only located. */
  threads?: readonly CommentThreadAnchor[];
  activeThreadId?: string | null;
  /** A click on a highlighted passage. */
  onSelectThread?(threadId: string): void;
  /** "Reageren" on the selected text (button or Ctrl/Cmd+Alt+M); viewers too. Without it, no button. */
  onCommentSelection?(anchor: CommentAnchor): void;
  /** Where each thread is now, whenever that changes (e.g. to show a thread as "on removed text"). */
  onThreadPlacements?(placements: ReadonlyMap<string, AnchorPlacement>): void;
  /** Filled with a handle to ask where a thread is and to scroll to it. */
  commentsRef?: MutableRefObject<CommentAnchorsHandle | null>;
}

/** Failed connection attempts in a row after which we say access is gone. */
const REFUSED_AFTER = 4;
/** Refused updates in a row (without a save in between) after which we say so. */
const UPDATE_REFUSED_AFTER = 2;

/**
 * A remote caret: a bar in the person's colour with their name and organisation. The server
 * sets name, organisation and colour for every connection (ADR 0013), so they are the
 * signed-in person's; the colour is a #rrggbb checked by the caret extension as well.
 */
function renderCaret(user: { name?: string; organisation?: string; color?: string }): HTMLElement {
  const caret = document.createElement("span");
  caret.classList.add("collaboration-carets__caret");
  caret.style.borderColor = user.color ?? "transparent";
  const label = document.createElement("div");
  label.classList.add("collaboration-carets__label");
  label.style.backgroundColor = user.color ?? "transparent";
  label.textContent = user.organisation ? `${user.name ?? ""} (${user.organisation})` : (user.name ?? "");
  caret.append(label);
  return caret;
}

/** Scroll a thread's passage into view (without moving the focus); false when it is not in the text. */
function scrollToPassage(editor: Editor, threadId: string, block: ScrollLogicalPosition): boolean {
  if (editor.isDestroyed || !editor.isInitialized) return false;
  const placement = threadPlacement(editor.state, threadId);
  if (placement?.status !== "present") return false;
  try {
    const { node } = editor.view.domAtPos(placement.from);
    const element = node instanceof Element ? node : node.parentElement;
    if (!element) return false;
    const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ block, behavior: reduce ? "auto" : "smooth" });
    return true;
  } catch {
    return false;
  }
}

/**
 * The live co-editing editor (browser only): a Yjs document synced over our y-websocket
 * endpoint, TipTap bound to it, everyone's carets, who is here, and whether it is saved.
 */
export function LiveEditor({ documentId, canEdit, user, threads, activeThreadId = null, onSelectThread, onCommentSelection, onThreadPlacements, commentsRef }: LiveEditorProps) {
  const t = useT();
  const revalidator = useRevalidator();
  const [syncState, setSyncState] = useState<SyncState>("loading");
  const [people, setPeople] = useState<Person[]>([]);
  const [refused, setRefused] = useState(false);
  /** The server refused an edit: the document would pass its maximum size, or updates keep failing. */
  const [stopped, setStopped] = useState<"tooLarge" | "updateRefused" | null>(null);
  const color = colorFor(user.id);

  const session = useMemo(() => {
    const doc = new Y.Doc();
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const provider = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, documentRoomName(documentId), doc, { maxBackoffTime: 5000 });
    provider.awareness.setLocalStateField("user", { name: user.name, organisation: user.organisation, color });
    return { doc, provider };
  }, [documentId, user.name, user.organisation, color]);

  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  // The page's callbacks change with every render; the editor is made once per session.
  const commentCallbacks = useRef({ onSelectThread, onThreadPlacements });
  commentCallbacks.current = { onSelectThread, onThreadPlacements };

  useEffect(() => {
    const { doc, provider } = session;
    let refusedUpdates = 0;
    const shownState = holdSaved(setSyncState);
    const tracker = trackSaveState(provider, (state) => {
      if (state === "saved") refusedUpdates = 0;
      shownState.update(state);
    });
    let failures = 0;
    const onStatus = ({ status }: { status: string }) => {
      if (status === "connected") {
        failures = 0;
        setRefused(false);
      }
    };
    const onClose = (event: CloseEvent | null) => {
      if (event?.code === CLOSE_CODES.DOCUMENT_TOO_LARGE) {
        // Reconnecting would send the same edit again. Keep everything on screen, read-only,
        // so nothing disappears unseen; the message says what was not saved.
        provider.disconnect();
        setStopped("tooLarge");
        return;
      }
      if (event?.code === CLOSE_CODES.UPDATE_REFUSED && ++refusedUpdates >= UPDATE_REFUSED_AFTER) setStopped("updateRefused");
      // The stored document does not load (damaged): the page shows why, and the way back.
      if (event?.code === CLOSE_CODES.LOAD_FAILED) revalidate.current();
      if (event?.code === CLOSE_CODES.DOCUMENT_ARCHIVED || event?.code === CLOSE_CODES.PERMISSIONS_CHANGED) revalidate.current();
      if (event?.code === CLOSE_CODES.SESSION_ENDED) window.location.assign(`/login?redirectTo=${encodeURIComponent(window.location.pathname)}`);
      if (!provider.wsconnected && ++failures >= REFUSED_AFTER) setRefused(true);
    };
    const onAwareness = () => {
      const list: Person[] = [];
      provider.awareness.getStates().forEach((state, clientId) => {
        const u = (state as { user?: { name?: string; organisation?: string; color?: string } }).user;
        if (u?.name) list.push({ clientId, name: u.name, organisation: u.organisation ?? "", color: u.color ?? "#555", isMe: clientId === doc.clientID });
      });
      list.sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name, "nl"));
      setPeople(list);
    };
    provider.on("status", onStatus);
    provider.on("connection-close", onClose);
    provider.awareness.on("change", onAwareness);
    onAwareness();
    // Leaving with unsaved edits: ask first (the browser shows its own text).
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (tracker.state() === "syncing") event.preventDefault();
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      tracker.destroy();
      shownState.dispose();
      provider.off("status", onStatus);
      provider.off("connection-close", onClose);
      provider.awareness.off("change", onAwareness);
      provider.destroy();
      doc.destroy();
    };
  }, [session]);

  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: canEdit,
      extensions: [
        StarterKit.configure({ undoRedo: false, heading: false, link: { openOnClick: false, autolink: true } }),
        NestedHeading,
        Table.configure({ resizable: false }),
        TableRow,
        TableHeader,
        TableCell,
        Collaboration.configure({ document: session.doc, field: "default" }),
        CollaborationCaret.configure({ provider: session.provider, user: { name: user.name, organisation: user.organisation, color }, render: renderCaret }),
        CommentHighlights.configure({
          onSelectThread: (id) => commentCallbacks.current.onSelectThread?.(id),
          onPlacementsChange: (placements) => commentCallbacks.current.onThreadPlacements?.(placements),
        }),
      ],
      editorProps: { attributes: { class: "rt-editor__content utrecht-rich-text", "aria-label": t("editor.label"), "aria-multiline": "true", role: "textbox" } },
    },
    [session, canEdit],
  );

  useEffect(() => {
    if (stopped === "tooLarge") editor?.setEditable(false);
  }, [editor, stopped]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) setCommentThreads(editor.view, threads ?? []);
  }, [editor, threads]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    setActiveCommentThread(editor.view, activeThreadId);
    if (activeThreadId) scrollToPassage(editor, activeThreadId, "nearest");
  }, [editor, activeThreadId]);

  useEffect(() => {
    if (!commentsRef) return;
    commentsRef.current = editor
      ? {
          placementOf: (threadId) => (editor.isDestroyed ? undefined : threadPlacement(editor.state, threadId)),
          scrollToThread: (threadId) => scrollToPassage(editor, threadId, "center"),
        }
      : null;
    return () => {
      commentsRef.current = null;
    };
  }, [editor, commentsRef]);

  return (
    <div className="rt-editor">
      <div className="rt-editor__bar">
        <p className="rt-sync" role="status" data-sync-state={stopped ? "stopped" : syncState}>
          <span className={`rt-sync__dot rt-sync__dot--${stopped ? "offline" : syncState}`} aria-hidden="true" />
          {t(stopped ? "editor.sync.stopped" : `editor.sync.${syncState}`)}
        </p>
        <section className="rt-presence" aria-label={t("editor.presence")}>
          <h2 className="rt-presence__title">{t("editor.presence")}</h2>
          <ul>
            {people.map((p) => (
              <li key={p.clientId} className="rt-presence__person">
                <span className="rt-presence__swatch" style={{ background: p.color }} aria-hidden="true" />
                {p.name}
                {p.organisation && <span className="rt-muted"> · {p.organisation}</span>}
                {p.isMe && <span className="rt-muted"> {t("members.you")}</span>}
              </li>
            ))}
          </ul>
        </section>
      </div>
      {refused && !stopped && (
        <div className="utrecht-alert utrecht-alert--error" role="alert">
          <p className="utrecht-paragraph">{t("editor.refused")}</p>
        </div>
      )}
      {stopped && (
        <div className="utrecht-alert utrecht-alert--error rt-stack" role="alert" data-editor-stopped={stopped}>
          <p className="utrecht-paragraph">{t(stopped === "tooLarge" ? "editor.tooLarge" : "editor.updateRefused")}</p>
          <p>
            <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => window.location.reload()}>
              {t("editor.reload")}
            </button>
          </p>
        </div>
      )}
      {canEdit && editor && <Toolbar editor={editor} />}
      {editor && onCommentSelection && <CommentButton editor={editor} onComment={onCommentSelection} />}
      <EditorContent editor={editor} />
    </div>
  );
}
