import { useFetcher } from "@remix-run/react";
import { useMemo, useState, type ReactNode } from "react";
import type { CommentAnchor } from "@regiotafel/domain";
import { useLiveRecords } from "~/lib/live";
import { useWorkspace } from "~/lib/workspace";
import type { loader } from "~/routes/w.$workspace.reacties";
import type { LiveEditorProps } from "~/components/editor/LiveEditor";
import { Discussion } from "./Discussion";

// A document with its discussion panel beside the editor (issue 21, point 1): selecting text and
// choosing "Reageren" in the editor starts a thread on that passage; the panel's threads are
// highlighted in the text, and a thread whose passage was deleted says so. The page's live
// stream reloads the panel when someone else comments (and counts the bell).

/** What the editor gets from the panel (LiveEditor's comment props). */
export type EditorComments = Required<Pick<LiveEditorProps, "threads" | "activeThreadId" | "onSelectThread" | "onCommentSelection" | "onThreadPlacements">>;

export function DocumentDiscussion(props: { documentId: string; children: (comments: EditorComments) => ReactNode }) {
  const overview = useWorkspace();
  const [pending, setPending] = useState<CommentAnchor | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set());
  useLiveRecords(overview.slug, `document:${props.documentId}`, (change) => change.entityType === "comment" && change.parentId === props.documentId && change.actorId !== overview.me.userId);
  // The same fetcher (by key) as the panel's: the threads the editor highlights are the panel's.
  const fetcher = useFetcher<typeof loader>({ key: `discussion-document-${props.documentId}` });
  const loaded = fetcher.data?.kind === "discussion" ? fetcher.data.threads : null;
  // A new list only when the threads change (the editor compares them on each new list).
  const threads = useMemo(() => (loaded ?? []).map((t) => ({ id: t.id, anchor: t.anchor, resolvedAt: t.resolvedAt ? String(t.resolvedAt) : null })), [loaded]);
  const onThreadPlacements: EditorComments["onThreadPlacements"] = (placements) =>
    setRemoved(new Set([...placements].filter(([, placement]) => placement.status === "removed").map(([id]) => id)));
  return (
    <div className="rt-document-with-comments">
      <div className="rt-document-with-comments__editor">
        {props.children({ threads, activeThreadId: active, onSelectThread: setActive, onCommentSelection: setPending, onThreadPlacements })}
      </div>
      <aside className="rt-document-with-comments__panel rt-card">
        <Discussion
          workspace={overview.slug}
          subjectType="document"
          subjectId={props.documentId}
          anchors={{ pending, clearPending: () => setPending(null), removed: (id) => removed.has(id), activeThreadId: active, onSelectThread: setActive }}
        />
      </aside>
    </div>
  );
}
