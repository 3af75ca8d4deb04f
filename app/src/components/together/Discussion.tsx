import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Button, Heading } from "@utrecht/component-library-react";
import { commentParts, type CommentAnchor, type CommentSubject } from "@regiotafel/domain";
import { countText, formatDateTime } from "~/lib/format";
import { useWorkspace } from "~/lib/workspace";
import { useLocale, useT } from "~/i18n/use-t";
import type { loader, action } from "~/routes/w.$workspace.reacties";
import { CommentField, editableComment, withMentionTokens, type Mention } from "./CommentField";

// The discussion panel of a document or record (issue 21, points 1–3): open threads, resolved
// ones behind a filter, replies, editing and deleting one's own comments (with confirmation),
// resolving and reopening, following. Its data is the discussions route's (w.$workspace.reacties),
// loaded by a fetcher that reloads whenever the page's data reloads (a live change, a post).

type DiscussionData = Extract<Awaited<ReturnType<typeof loader>>, { kind: "discussion" }>;
type Thread = DiscussionData["threads"][number];
type Comment = Thread["comments"][number];

/** What a document page adds: the passage selected in the editor, and where each thread's passage is now. */
export interface AnchorTools {
  /** The passage the user chose to comment on, until the thread is started or cancelled. */
  pending: CommentAnchor | null;
  clearPending(): void;
  /** Whether a thread's passage was deleted from the text. */
  removed(threadId: string): boolean;
  activeThreadId: string | null;
  onSelectThread(threadId: string): void;
}

export function Discussion(props: { workspace: string; subjectType: CommentSubject; subjectId: string; initial?: DiscussionData; anchors?: AnchorTools; heading?: 2 | 3 }) {
  const t = useT();
  const location = useLocation();
  const href = `/w/${encodeURIComponent(props.workspace)}/reacties?onderwerp=${props.subjectType}:${props.subjectId}`;
  const fetcher = useFetcher<typeof loader>({ key: `discussion-${props.subjectType}-${props.subjectId}` });
  const [showResolved, setShowResolved] = useState(false);

  useEffect(() => {
    if (!props.initial) fetcher.load(href);
    // Loaded once per subject; the page's revalidations reload it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [href]);

  const loaded = fetcher.data?.kind === "discussion" ? fetcher.data : props.initial;
  const back = location.pathname + location.search;
  const highlighted = new URLSearchParams(location.search).get("discussie");
  const threads = loaded?.threads ?? [];
  const open = threads.filter((th) => !th.resolvedAt);
  const resolved = threads.filter((th) => th.resolvedAt);
  const shown = showResolved ? threads : open;
  const headingId = `discussion-${props.subjectId}`;
  const HeadingLevel = props.heading ?? 2;

  return (
    <section className="rt-discussion rt-stack" aria-labelledby={headingId}>
      <div className="rt-toolbar">
        <Heading level={HeadingLevel} id={headingId}>
          {t("discussion.title")} ({open.length})
        </Heading>
        {loaded && loaded.following !== null && <FollowToggle href={href} subjectType={props.subjectType} subjectId={props.subjectId} following={loaded.following} back={back} />}
      </div>
      {!loaded ? (
        <p className="rt-muted" role="status">
          {t("common.loading")} <a href={`${href}&terug=${encodeURIComponent(back)}`}>{t("discussion.openPage")}</a>
        </p>
      ) : (
        <>
          <StartThread workspace={props.workspace} href={href} subjectType={props.subjectType} subjectId={props.subjectId} back={back} anchors={props.anchors} />
          {resolved.length > 0 && (
            <label className="rt-checkbox">
              <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> {t("discussion.showResolved", { count: resolved.length })}
            </label>
          )}
          {shown.length === 0 ? (
            <p className="rt-muted">{threads.length === 0 ? t("discussion.empty") : t("discussion.noneOpen")}</p>
          ) : (
            <ol className="rt-plain-list rt-stack">
              {shown.map((thread) => (
                <ThreadView
                  key={thread.id}
                  workspace={props.workspace}
                  href={href}
                  thread={thread}
                  back={back}
                  highlighted={highlighted === thread.id || props.anchors?.activeThreadId === thread.id}
                  removed={props.anchors?.removed(thread.id) ?? false}
                  onSelect={props.anchors ? () => props.anchors!.onSelectThread(thread.id) : undefined}
                />
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

/** One form of the panel: posts to the discussions route (a fetcher), or without JavaScript as a plain form that comes back here. */
function useDiscussionForm(href: string, mentions?: Mention[]) {
  const fetcher = useFetcher<typeof action>();
  const formRef = useRef<HTMLFormElement>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const body = data.get("body");
    if (typeof body === "string" && mentions) data.set("body", withMentionTokens(body, mentions));
    fetcher.submit(data, { method: "post", action: href });
  };
  const done = fetcher.state === "idle" && fetcher.data?.ok === true;
  const error = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  return { fetcher, formRef, submit, busy: fetcher.state !== "idle", done, doneAt: fetcher.data?.at, error };
}

function ErrorText({ error }: { error: { message: string; fieldErrors?: Record<string, string[]> } | null }) {
  if (!error) return null;
  const detail = Object.values(error.fieldErrors ?? {}).flat()[0];
  return (
    <p className="rt-field-error" role="alert">
      {detail ?? error.message}
    </p>
  );
}

function Fields({ fields }: { fields: Record<string, string> }) {
  return (
    <>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

function StartThread(props: { workspace: string; href: string; subjectType: CommentSubject; subjectId: string; back: string; anchors?: AnchorTools }) {
  const t = useT();
  const [mentions, setMentions] = useState<Mention[]>([]);
  const form = useDiscussionForm(props.href, mentions);
  const pending = props.anchors?.pending ?? null;
  useEffect(() => {
    if (!form.done) return;
    form.formRef.current?.reset();
    setMentions([]);
    props.anchors?.clearPending();
    // Once per completed post.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form.doneAt]);
  return (
    <form ref={form.formRef} method="post" action={props.href} onSubmit={form.submit} className="rt-stack rt-discussion__start">
      <Fields fields={{ intent: "start", subjectType: props.subjectType, subjectId: props.subjectId, terug: props.back }} />
      {pending && (
        <>
          <Fields fields={{ anchorStart: pending.start, anchorEnd: pending.end, quote: pending.quote }} />
          <blockquote className="rt-discussion__quote" data-testid="pending-quote">
            {pending.quote}
          </blockquote>
        </>
      )}
      <CommentField
        workspace={props.workspace}
        label={pending ? t("discussion.commentOnPassage") : t("discussion.newComment")}
        mentions={mentions}
        onMentionsChange={setMentions}
        autoFocus={pending !== null}
        key={pending?.start ?? "record"}
      />
      <ErrorText error={form.error} />
      <div className="rt-inline-form">
        <Button type="submit" appearance="primary-action-button" busy={form.busy} disabled={form.busy}>
          {t("discussion.post")}
        </Button>
        {pending && (
          <Button type="button" appearance="subtle-button" onClick={() => props.anchors?.clearPending()}>
            {t("common.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}

function CommentBody({ body }: { body: string }) {
  return (
    <p className="rt-comment__body">
      {commentParts(body).map((part, i) =>
        "text" in part ? (
          <span key={i}>{part.text}</span>
        ) : (
          <span key={i} className="rt-mention">
            @{part.mention}
          </span>
        ),
      )}
    </p>
  );
}

function ThreadView(props: { workspace: string; href: string; thread: Thread; back: string; highlighted: boolean; removed: boolean; onSelect?: () => void }) {
  const t = useT();
  const { thread } = props;
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (props.highlighted) ref.current?.scrollIntoView?.({ block: "nearest" });
  }, [props.highlighted]);
  const resolveForm = useDiscussionForm(props.href);
  return (
    <li
      ref={ref}
      id={`discussie-${thread.id}`}
      className={["rt-card", "rt-thread", props.highlighted ? "rt-thread--active" : "", thread.resolvedAt ? "rt-thread--resolved" : ""].filter(Boolean).join(" ")}
      data-testid="thread"
    >
      {thread.anchor && (
        <div className="rt-thread__anchor">
          {props.removed ? <p className="rt-muted">{t("discussion.onRemovedText")}</p> : null}
          {props.onSelect ? (
            <button type="button" className="rt-linklike rt-discussion__quote" onClick={props.onSelect} aria-label={t("discussion.showPassage", { quote: thread.anchor.quote })}>
              {thread.anchor.quote}
            </button>
          ) : (
            <blockquote className="rt-discussion__quote">{thread.anchor.quote}</blockquote>
          )}
        </div>
      )}
      <ol className="rt-plain-list rt-stack">
        {thread.comments.map((comment) => (
          <CommentView key={comment.id} workspace={props.workspace} href={props.href} comment={comment} back={props.back} />
        ))}
      </ol>
      {thread.resolvedAt ? (
        <p className="rt-muted">{t("discussion.resolvedBy", { name: thread.resolvedByName ?? t("inbox.someone") })}</p>
      ) : null}
      <Reply workspace={props.workspace} href={props.href} threadId={thread.id} back={props.back} />
      <form method="post" action={props.href} onSubmit={resolveForm.submit}>
        <Fields fields={{ intent: thread.resolvedAt ? "reopen" : "resolve", threadId: thread.id, terug: props.back }} />
        <Button type="submit" appearance="secondary-action-button" busy={resolveForm.busy} disabled={resolveForm.busy}>
          {thread.resolvedAt ? t("discussion.reopen") : t("discussion.resolve")}
        </Button>
        <ErrorText error={resolveForm.error} />
      </form>
    </li>
  );
}

function CommentView(props: { workspace: string; href: string; comment: Comment; back: string }) {
  const t = useT();
  const locale = useLocale();
  const overview = useWorkspace();
  const { comment } = props;
  const mine = comment.authorId === overview.me.userId;
  const [mode, setMode] = useState<"view" | "edit" | "confirmDelete">("view");
  const editable = editableComment(comment.body);
  const [mentions, setMentions] = useState<Mention[]>(editable.mentions);
  const edit = useDiscussionForm(props.href, mentions);
  const remove = useDiscussionForm(props.href);
  useEffect(() => {
    if (edit.done || remove.done) setMode("view");
  }, [edit.doneAt, remove.doneAt, edit.done, remove.done]);

  let content: ReactNode;
  if (comment.deleted) content = <p className="rt-muted rt-comment__body">{t("discussion.deleted")}</p>;
  else if (mode === "edit")
    content = (
      <form method="post" action={props.href} onSubmit={edit.submit} className="rt-stack">
        <Fields fields={{ intent: "edit", commentId: comment.id, terug: props.back }} />
        <CommentField workspace={props.workspace} label={t("discussion.editLabel")} defaultValue={editable.text} mentions={mentions} onMentionsChange={setMentions} autoFocus />
        <ErrorText error={edit.error} />
        <div className="rt-inline-form">
          <Button type="submit" appearance="primary-action-button" busy={edit.busy} disabled={edit.busy}>
            {t("common.save")}
          </Button>
          <Button type="button" appearance="subtle-button" onClick={() => setMode("view")}>
            {t("common.cancel")}
          </Button>
        </div>
      </form>
    );
  else content = <CommentBody body={comment.body} />;

  return (
    <li className="rt-comment" data-testid="comment">
      <p className="rt-comment__meta">
        <strong>{comment.authorName ?? t("inbox.someone")}</strong>
        {comment.organisationName && <span className="rt-muted"> · {comment.organisationName}</span>}
        <span className="rt-muted">
          {" "}
          · {formatDateTime(comment.createdAt, locale)}
          {comment.editedAt && !comment.deleted ? ` · ${t("discussion.edited")}` : ""}
        </span>
      </p>
      {content}
      {!comment.deleted && mode === "view" && (mine || overview.me.role === "ADMIN") && (
        <div className="rt-inline-form">
          {mine && (
            <Button type="button" appearance="subtle-button" onClick={() => setMode("edit")}>
              {t("discussion.edit")}
            </Button>
          )}
          <Button type="button" appearance="subtle-button" hint="danger" onClick={() => setMode("confirmDelete")}>
            {t("discussion.delete")}
          </Button>
        </div>
      )}
      {mode === "confirmDelete" && (
        <form method="post" action={props.href} onSubmit={remove.submit} className="rt-confirm" aria-label={t("discussion.confirmDelete")}>
          <Fields fields={{ intent: "delete", commentId: comment.id, terug: props.back }} />
          <p className="rt-confirm__question">{t("discussion.confirmDelete")}</p>
          <div className="rt-inline-form">
            <Button type="submit" appearance="primary-action-button" hint="danger" busy={remove.busy} disabled={remove.busy} autoFocus>
              {t("discussion.delete")}
            </Button>
            <Button type="button" appearance="subtle-button" onClick={() => setMode("view")}>
              {t("common.cancel")}
            </Button>
          </div>
          <ErrorText error={remove.error} />
        </form>
      )}
    </li>
  );
}

/** A reply: a disclosure (works without JavaScript too) with the field. */
function Reply(props: { workspace: string; href: string; threadId: string; back: string }) {
  const t = useT();
  const [mentions, setMentions] = useState<Mention[]>([]);
  const form = useDiscussionForm(props.href, mentions);
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (!form.done) return;
    form.formRef.current?.reset();
    if (details.current) details.current.open = false;
    setMentions([]);
    // Once per completed post.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form.doneAt]);
  return (
    <details ref={details} className="rt-thread__reply">
      <summary>{t("discussion.reply")}</summary>
      <form ref={form.formRef} method="post" action={props.href} onSubmit={form.submit} className="rt-stack">
        <Fields fields={{ intent: "reply", threadId: props.threadId, terug: props.back }} />
        <CommentField workspace={props.workspace} label={t("discussion.replyLabel")} mentions={mentions} onMentionsChange={setMentions} />
        <ErrorText error={form.error} />
        <Button type="submit" appearance="primary-action-button" busy={form.busy} disabled={form.busy}>
          {t("discussion.post")}
        </Button>
      </form>
    </details>
  );
}

function FollowToggle(props: { href: string; subjectType: CommentSubject; subjectId: string; following: boolean; back: string }) {
  const t = useT();
  const form = useDiscussionForm(props.href);
  return (
    <form method="post" action={props.href} onSubmit={form.submit}>
      <Fields fields={{ intent: "follow", subjectType: props.subjectType, subjectId: props.subjectId, following: String(!props.following), terug: props.back }} />
      <Button type="submit" appearance="secondary-action-button" aria-pressed={props.following} busy={form.busy} disabled={form.busy}>
        {props.following ? t("discussion.following") : t("discussion.follow")}
      </Button>
    </form>
  );
}

/** A record's discussion behind a disclosure with its count of open threads: loaded when opened (lists of lots, decisions, segments). */
export function DiscussionDisclosure(props: { workspace: string; subjectType: CommentSubject; subjectId: string; title: string; openThreads: number }) {
  const t = useT();
  const location = useLocation();
  const query = new URLSearchParams(location.search);
  const highlighted = query.get("discussie");
  // A notification's link names the subject: its disclosure opens by itself.
  const [open, setOpen] = useState(query.get("onderwerp") === `${props.subjectType}:${props.subjectId}`);
  return (
    <details className="rt-discussion-disclosure" onToggle={(e) => setOpen(e.currentTarget.open)} open={open || undefined} data-subject={props.subjectId}>
      <summary>
        {t("discussion.about", { title: props.title })} ({props.openThreads})
      </summary>
      {open ? (
        <Discussion workspace={props.workspace} subjectType={props.subjectType} subjectId={props.subjectId} heading={3} />
      ) : (
        <a href={`/w/${encodeURIComponent(props.workspace)}/reacties?onderwerp=${props.subjectType}:${props.subjectId}&terug=${encodeURIComponent(location.pathname + location.search)}${highlighted ? `&discussie=${highlighted}` : ""}`} className="rt-visually-hidden">
          {t("discussion.openPage")}
        </a>
      )}
    </details>
  );
}

/** "2 open discussions" under a record's title in a list (nothing when there are none). */
export function OpenThreadCount({ count }: { count: number | undefined }) {
  const t = useT();
  const locale = useLocale();
  if (!count) return null;
  return <span className="rt-block rt-small rt-muted">{countText(t, locale, "discussion.openCount", count)}</span>;
}
