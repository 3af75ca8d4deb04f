import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { LiveViewer, RecordChange } from "@regiotafel/domain";
import { followLiveStream } from "./live-stream";

export interface LiveState {
  /** The stream is open (false before hydration, and while reconnecting). */
  connected: boolean;
  /** Everyone with this view open, including the current user. */
  viewers: LiveViewer[];
  /** The last change by someone else that reloaded this page's data. */
  lastChange: RecordChange | null;
}

/**
 * Keeps a record page live: subscribes to the workspace's change stream (Server-Sent Events at
 * /w/<workspace>/live), reloads the route's data when a relevant change is committed (and when
 * the stream says it may have missed some, see followLiveStream), and reports who else has
 * the same `view` open (e.g. "tender:<id>" or "staffing").
 */
export function useLiveRecords(workspace: string, view: string, relevant: (change: RecordChange) => boolean = () => true): LiveState {
  const { revalidate } = useRevalidator();
  const [state, setState] = useState<LiveState>({ connected: false, viewers: [], lastChange: null });
  // The latest callbacks, without reopening the stream when they change identity.
  const latest = useRef({ relevant, revalidate });
  latest.current = { relevant, revalidate };

  useEffect(() => {
    const source = new EventSource(`/w/${encodeURIComponent(workspace)}/live?view=${encodeURIComponent(view)}`);
    return followLiveStream(source, (change) => latest.current.relevant(change), {
      connected: (connected) => setState((s) => ({ ...s, connected })),
      presence: (viewers) => setState((s) => ({ ...s, viewers })),
      changed: (change) => setState((s) => ({ ...s, lastChange: change })),
      reload: () => latest.current.revalidate(),
    });
  }, [workspace, view]);

  return state;
}
