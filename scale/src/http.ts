/** Plain HTTP through HAProxy or to one instance: sign-ins, tRPC calls and live streams. */

export const DEMO_PASSWORD = "regiotafel-demo";

/** Which instance answered (HAProxy's X-Served-By, set when REGIOTAFEL_SERVED_BY is). */
export const servedBy = (res: Response) => res.headers.get("x-served-by") ?? "?";

/** POST /login as the login form does; the answer as it came (302 with the cookie on success). */
export function postLogin(base: string, email: string, password = DEMO_PASSWORD): Promise<Response> {
  return fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
}

/** Signs in through the login form; the session cookie ("name=value"). */
export async function login(base: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await postLogin(base, email, password);
  await res.body?.cancel();
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("regiotafel_session="));
  if (res.status !== 302 || !cookie) throw new Error(`login of ${email} at ${base} failed: HTTP ${res.status}`);
  return cookie.split(";")[0]!;
}

/** A tRPC mutation as the app's client sends it. */
export function trpc(base: string, path: string, cookie: string, input?: unknown): Promise<Response> {
  return fetch(`${base}/api/trpc/${path}`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: base, "Content-Type": "application/json" },
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
}

/** Polls `condition`; the deadline only ends a hung test, nothing is asserted about time. */
export async function until(condition: () => boolean | Promise<boolean>, label: string | (() => string), timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof label === "function" ? label() : label}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export type LiveEvent = { event: string; data: Record<string, unknown> };

export interface LiveStream {
  status: number;
  /** The instance that holds the stream. */
  servedBy: string;
  events: LiveEvent[];
  readonly ended: boolean;
  changes(): LiveEvent[];
  /** The names in the latest presence event. */
  viewers(): string[];
  waitFor(predicate: (e: LiveEvent) => boolean, label: string): Promise<void>;
  waitEnded(label: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens a live record page's Server-Sent Events stream (GET /w/<workspace>/live?view=…). */
export async function openLive(base: string, cookie: string, view: string, workspace = "limburg"): Promise<LiveStream> {
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
      // aborted, or the connection was cut
    } finally {
      state.ended = true;
    }
  })();
  const stream: LiveStream = {
    status: res.status,
    servedBy: servedBy(res),
    events,
    get ended() {
      return state.ended;
    },
    changes: () => events.filter((e) => e.event === "change"),
    viewers: () => ((events.filter((e) => e.event === "presence").at(-1)?.data.viewers as { name: string }[] | undefined) ?? []).map((v) => v.name).sort(),
    waitFor: (predicate, label) => until(() => events.some(predicate), () => `${label}; got ${JSON.stringify(events)}`),
    waitEnded: (label) => until(() => state.ended, label),
    async close() {
      controller.abort();
      await pump;
    },
  };
  return stream;
}

/** A new free document in Limburg, created by its administrator; its id. */
export async function newDocument(base: string, title: string): Promise<string> {
  const admin = await login(base, "admin@demo.regiotafel.nl");
  const res = await trpc(base, "document.create", admin, { workspace: "limburg", kind: "FREE", title });
  if (res.status !== 200) throw new Error(`document.create: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { result: { data: { id: string } } }).result.data.id;
}
