import type { LivePresence, LiveViewer, RecordChange } from "@regiotafel/domain";

/** What of `EventSource` the live pages use (a fake one in tests). */
export interface LiveSource {
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface LiveStreamHandlers {
  connected(open: boolean): void;
  presence(viewers: LiveViewer[]): void;
  /** A relevant change by someone else (shown as "just changed"). */
  changed(change: RecordChange): void;
  /** Reload the page's data. */
  reload(): void;
}

/** Changes of several in quick succession (a form that saves three records) reload once. */
export const RELOAD_DELAY_MS = 150;

/**
 * Follows the live stream of a workspace (server/src/live.ts): reloads the page's data after
 * a relevant `change`, after `refresh` (the server may have missed changes: Redis was away,
 * ADR 0033), after `notify` (the user has new notifications, ADR 0036), and when the stream opens again after it was interrupted (changes committed in
 * between were never sent, e.g. while the browser reconnected to another instance after one
 * stopped). Several reasons in quick succession reload once.
 * @returns the function that stops following and closes the stream.
 */
export function followLiveStream(source: LiveSource, relevant: (change: RecordChange) => boolean, handlers: LiveStreamHandlers): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let openedBefore = false;
  const reloadSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => handlers.reload(), RELOAD_DELAY_MS);
  };
  source.onopen = () => {
    handlers.connected(true);
    if (openedBefore) reloadSoon();
    openedBefore = true;
  };
  source.onerror = () => handlers.connected(false);
  source.addEventListener("presence", (event) => {
    const { viewers } = JSON.parse(event.data) as LivePresence;
    handlers.presence(viewers);
  });
  source.addEventListener("change", (event) => {
    const change = JSON.parse(event.data) as RecordChange;
    if (!relevant(change)) return;
    handlers.changed(change);
    reloadSoon();
  });
  source.addEventListener("refresh", () => reloadSoon());
  // New notifications for this user: reloading runs the root loader too, which counts the bell again.
  source.addEventListener("notify", () => reloadSoon());
  return () => {
    clearTimeout(timer);
    source.close();
  };
}
