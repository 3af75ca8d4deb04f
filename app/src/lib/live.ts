import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { LivePresence, LiveViewer, RecordChange } from "@regiotafel/domain";

export interface LiveState {
  /** The stream is open (false before hydration, and while reconnecting). */
  connected: boolean;
  /** Everyone with this view open, including the current user. */
  viewers: LiveViewer[];
  /** The last change by someone else that reloaded this page's data. */
  lastChange: RecordChange | null;
}

/** Changes of several in quick succession (a form that saves three records) reload once. */
const REVALIDATE_DELAY_MS = 150;

/**
 * Keeps a record page live: subscribes to the workspace's change stream (Server-Sent Events at
 * /w/<workspace>/live), reloads the route's data when a relevant change is committed, and
 * reports who else has the same `view` open (e.g. "tender:<id>" or "staffing").
 */
export function useLiveRecords(workspace: string, view: string, relevant: (change: RecordChange) => boolean = () => true): LiveState {
  const { revalidate } = useRevalidator();
  const [state, setState] = useState<LiveState>({ connected: false, viewers: [], lastChange: null });
  // The latest callbacks, without reopening the stream when they change identity.
  const latest = useRef({ relevant, revalidate });
  latest.current = { relevant, revalidate };

  useEffect(() => {
    const source = new EventSource(`/w/${encodeURIComponent(workspace)}/live?view=${encodeURIComponent(view)}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.onopen = () => setState((s) => ({ ...s, connected: true }));
    source.onerror = () => setState((s) => ({ ...s, connected: false }));
    source.addEventListener("presence", (event) => {
      const { viewers } = JSON.parse((event as MessageEvent<string>).data) as LivePresence;
      setState((s) => ({ ...s, viewers }));
    });
    source.addEventListener("change", (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as RecordChange;
      if (!latest.current.relevant(change)) return;
      setState((s) => ({ ...s, lastChange: change }));
      clearTimeout(timer);
      timer = setTimeout(() => latest.current.revalidate(), REVALIDATE_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [workspace, view]);

  return state;
}
