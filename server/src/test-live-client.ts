/** A reader of a workspace's live stream (Server-Sent Events) for tests. */
export type LiveEvent = { event: string; data: Record<string, unknown> };

/** Polls `condition`; the deadline only ends a hung test, nothing is asserted about time. */
export async function until(condition: () => boolean | Promise<boolean>, label: string | (() => string), timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof label === "string" ? label : label()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens /w/<workspace>/live?view=… with `cookie`; `ended` turns true when the server closes the stream. */
export async function listenLive(base: string, cookie: string, view: string, workspace = "limburg") {
  const controller = new AbortController();
  const res = await fetch(`${base}/w/${workspace}/live?view=${encodeURIComponent(view)}`, { headers: { Cookie: cookie }, signal: controller.signal });
  const events: LiveEvent[] = [];
  const state = { ended: false };
  let buffer = "";
  const pump = (async () => {
    if (res.status !== 200) return void (await res.body?.cancel());
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    } catch {
      // aborted
    } finally {
      state.ended = true;
    }
  })();
  return {
    status: res.status,
    events,
    get ended() {
      return state.ended;
    },
    /** The names in the last presence message. */
    viewers: () => ((events.filter((e) => e.event === "presence").at(-1)?.data.viewers ?? []) as { name: string }[]).map((v) => v.name).sort(),
    async waitFor(predicate: (e: LiveEvent) => boolean, label: string) {
      await until(() => events.some(predicate), () => `${label}; got ${JSON.stringify(events)}`);
    },
    async waitEnded(label: string) {
      await until(() => state.ended, label);
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}
export type LiveListener = Awaited<ReturnType<typeof listenLive>>;
