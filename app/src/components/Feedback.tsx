import { Children, useEffect, useRef, type ReactNode, type RefObject } from "react";
import { Alert, Paragraph } from "@utrecht/component-library-react";

/**
 * A polite live region that is always in the page, so that screen readers announce a message
 * that appears in it later (a region that appears together with its text is often missed).
 * When `focusKey` is set, keyboard focus moves to the message each time the key changes: for
 * messages that offer an action (such as undo) or replace the element that had focus.
 */
export function StatusMessage({ children, focusKey, className }: { children?: ReactNode; focusKey?: string | number; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const hasMessage = Children.toArray(children).length > 0;
  useFocusWhen(ref, focusKey !== undefined && hasMessage, focusKey);
  return (
    <div role="status" className={className}>
      {hasMessage && (
        <Alert type="ok" role="none" ref={ref} tabIndex={focusKey !== undefined ? -1 : undefined} className="rt-alert">
          {typeof children === "string" ? <Paragraph>{children}</Paragraph> : children}
        </Alert>
      )}
    </div>
  );
}

/** An error that needs the user's attention now: announced at once (role="alert"). */
export function ErrorAlert({ children }: { children?: ReactNode }) {
  if (Children.toArray(children).length === 0) return null;
  return (
    <Alert type="error" role="alert" className="rt-alert">
      {typeof children === "string" ? <Paragraph>{children}</Paragraph> : children}
    </Alert>
  );
}

/**
 * Moves focus to `ref` whenever `when` becomes true, or `key` changes while it is true
 * (browser only; without JavaScript the page simply reloads at the top).
 */
export function useFocusWhen(ref: RefObject<HTMLElement | null>, when: boolean, key?: unknown) {
  useEffect(() => {
    if (when) ref.current?.focus();
  }, [ref, when, key]);
}

/** After a failed submit, puts focus on the form's first invalid field so its message is read out. */
export function useFocusFirstInvalid(formRef: RefObject<HTMLFormElement | null>, result: unknown) {
  useEffect(() => {
    if (!result) return;
    formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
  }, [formRef, result]);
}

/**
 * Moves focus when something opens or closes in place (a confirmation, an edit form in a row):
 * to `opened` when `open` becomes true, to `closed` when it becomes false (unless
 * `keepOnClose`, e.g. when a saved message takes the focus).
 */
export function useFocusOnToggle(open: boolean, targets: { opened?: RefObject<HTMLElement | null>; closed?: RefObject<HTMLElement | null> }, keepOnClose = false) {
  const was = useRef(open);
  const { opened, closed } = targets;
  useEffect(() => {
    if (open && !was.current) opened?.current?.focus();
    if (!open && was.current && !keepOnClose) closed?.current?.focus();
    was.current = open;
  }, [open, opened, closed, keepOnClose]);
}
