import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { COMMENT_MAX_LENGTH, commentParts, commentPlainText } from "@regiotafel/domain";
import { useT } from "~/i18n/use-t";

// The text field of a comment, with "@" search-as-you-type over the workspace's members and
// organisations (issue 21, point 4). What the user sees is "@Venlo"; what is posted is the
// mention token `@[Venlo](org:<id>)` for each chosen mention (see packages/domain comments.ts).
// Without JavaScript the field is a plain textarea and "@Venlo" is read by the server.

export interface Mention {
  label: string;
  kind: "user" | "org";
  id: string;
}

/** The text as typed, with every "@label" of a chosen mention turned into its token. */
export function withMentionTokens(text: string, mentions: readonly Mention[]): string {
  let out = text;
  // Longer labels first, so that "@Venlo-Noord" is not taken for "@Venlo".
  for (const m of [...mentions].sort((a, b) => b.label.length - a.label.length)) {
    out = out.split(`@${m.label}`).join(`@[${m.label}](${m.kind}:${m.id})`);
  }
  return out;
}

/** A stored comment as the field shows it for editing: "@label" text and its mentions. */
export function editableComment(body: string): { text: string; mentions: Mention[] } {
  const mentions = commentParts(body).flatMap((p) => ("mention" in p ? [{ label: p.mention, kind: p.kind, id: p.id }] : []));
  return { text: commentPlainText(body), mentions };
}

/** The "@" word being typed just before the caret, if any. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)@([\p{L}\p{N}' -]{0,40})$/u.exec(before);
  if (!match) return null;
  return { start: caret - match[1]!.length - 1, query: match[1]! };
}

interface Found {
  people: Array<{ id: string; name: string; organisation: string }>;
  organisations: Array<{ id: string; name: string }>;
}

export function CommentField(props: {
  workspace: string;
  name?: string;
  label: string;
  defaultValue?: string;
  mentions: Mention[];
  onMentionsChange(mentions: Mention[]): void;
  autoFocus?: boolean;
}) {
  const t = useT();
  const id = useId();
  const listId = `${id}-mentions`;
  const ref = useRef<HTMLTextAreaElement>(null);
  const search = useFetcher<Found & { kind: string }>();
  const [open, setOpen] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);

  const options: Mention[] = open
    ? [
        ...(search.data?.organisations ?? []).map((o) => ({ label: o.name, kind: "org" as const, id: o.id })),
        ...(search.data?.people ?? []).map((p) => ({ label: p.name, kind: "user" as const, id: p.id })),
      ]
    : [];

  useEffect(() => {
    if (open) search.load(`/w/${encodeURIComponent(props.workspace)}/reacties?zoek=${encodeURIComponent(open.query)}`);
    // Only a new query searches again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open?.query, props.workspace]);

  const update = () => {
    const field = ref.current;
    if (!field) return;
    const found = mentionQuery(field.value, field.selectionStart ?? field.value.length);
    setOpen(found);
    setActive(0);
  };

  const choose = (option: Mention) => {
    const field = ref.current;
    if (!field || !open) return;
    const caret = field.selectionStart ?? field.value.length;
    const inserted = `@${option.label} `;
    field.value = field.value.slice(0, open.start) + inserted + field.value.slice(caret);
    const at = open.start + inserted.length;
    field.setSelectionRange(at, at);
    field.focus();
    props.onMentionsChange([...props.mentions.filter((m) => m.id !== option.id), option]);
    setOpen(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open || options.length === 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => (i + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(options[active]!);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setOpen(null);
    }
  };

  const expanded = open !== null && options.length > 0;
  return (
    <div className="rt-comment-field">
      <label htmlFor={id} className="utrecht-form-label">
        {props.label}
      </label>
      <p id={`${id}-hint`} className="rt-muted rt-comment-field__hint">
        {t("discussion.mentionHint")}
      </p>
      <textarea
        ref={ref}
        id={id}
        name={props.name ?? "body"}
        className="utrecht-textarea utrecht-textarea--html-textarea"
        rows={3}
        required
        maxLength={COMMENT_MAX_LENGTH}
        defaultValue={props.defaultValue}
        autoFocus={props.autoFocus}
        aria-describedby={`${id}-hint`}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded ? `${listId}-${active}` : undefined}
        onInput={update}
        onClick={update}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(null), 150)}
      />
      <ul id={listId} role="listbox" className="rt-mention-list" hidden={!expanded} aria-label={t("discussion.mentionList")}>
        {options.map((option, index) => (
          <li
            key={`${option.kind}-${option.id}`}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? "rt-mention-list__option rt-mention-list__option--active" : "rt-mention-list__option"}
            onMouseDown={(event) => {
              event.preventDefault();
              choose(option);
            }}
          >
            {option.label}
            <span className="rt-muted"> · {option.kind === "org" ? t("discussion.mentionOrganisation") : t("discussion.mentionPerson")}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
