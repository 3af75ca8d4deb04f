import type { Express, Request, Response } from "express";
import { hashToken, type Auth } from "@regiotafel/auth";
import { eventBus, resolveScope, type Db, type EventBus, type MessageTransport } from "@regiotafel/db";
import type { Config } from "./config";
import { PresenceBoard } from "./live-presence";
import { connectPresence } from "./live-presence-cluster";
import { sessionState } from "./request-context";

interface Stream {
  userId: string;
  /** The token the stream was opened with, and its stored id (SHA-256). */
  token: string;
  sessionId: string;
  workspaceId: string;
  /** The workspace as the stream's URL names it (for checking membership again). */
  workspaceSlug: string;
  res: Response;
  leavePresence(): void;
}

export interface LiveDeps {
  prisma: Db;
  auth: Auth;
  config: Pick<Config, "live">;
  /** Where changes and revocations come from (the process's bus unless a test gives its own). */
  bus?: EventBus;
  /**
   * The other instances (REDIS_URL): presence is shared with them, and when the transport is
   * back after an outage every stream is sent `refresh` (changes may have been missed).
   */
  transport?: MessageTransport | null;
}

const VIEW = /^[a-z]+(:[0-9a-f-]{36})?$/;
const HEARTBEAT_MS = 25_000;
/** A client that stops reading is disconnected once this much waits unsent. */
const MAX_BUFFERED_BYTES = 256 * 1024;

/**
 * GET /w/<workspace>/live?view=<what>: a Server-Sent Events stream for a workspace member.
 * It sends `change` events for every committed change to the workspace's records, and
 * `presence` events listing who has the same view open (coalesced, see PresenceBoard), and
 * `notify` when the user has new notifications (their bell counts again, ADR 0036).
 * Members only (404 otherwise); at most `live.streamsPerSession` streams per session (429
 * past that). A stream ends when its session ends (logout, sign out everywhere, password
 * change, expiry) and when the member's role changes or they are removed (ADR 0014).
 * With a transport (ADR 0033) presence counts viewers on every instance, and a `refresh` event
 * tells the pages to reload after Redis was away; a stream the server ends because it stops
 * (`end` with reason "shutdown") is reopened by the browser, on another instance.
 */
export function mountLive(app: Express, deps: LiveDeps) {
  const { prisma, auth } = deps;
  const { streamsPerSession, presenceMs, sessionCheckMs } = deps.config.live;
  const byWorkspace = new Map<string, Set<Stream>>();
  const bySession = new Map<string, Set<Stream>>();
  const byUser = new Map<string, Set<Stream>>();
  const presence = new PresenceBoard<Response>({ intervalMs: presenceMs, send: (res, data) => send(res, "presence", data) });

  const endAll = (streams: Iterable<Stream> | undefined, reason: string) => {
    for (const stream of [...(streams ?? [])]) end(stream.res, reason);
  };

  const bus = deps.bus ?? eventBus;
  const transport = deps.transport ?? null;
  const stopListening = bus.subscribe((event) => {
    switch (event.type) {
      case "record.changed": {
        const { type: _type, ...change } = event;
        const data = JSON.stringify(change);
        for (const stream of byWorkspace.get(change.workspaceId) ?? []) send(stream.res, "change", data);
        return;
      }
      case "membership.changed":
        endAll([...(byUser.get(event.userId) ?? [])].filter((s) => s.workspaceId === event.workspaceId), "membership");
        return;
      case "sessions.ended":
        if ("userId" in event) endAll(byUser.get(event.userId), "session");
        else for (const id of event.sessionIds) endAll(bySession.get(id), "session");
        return;
      case "notifications.created":
        // The bell of each of these users counts again, on whatever page of whichever workspace they are (ADR 0036).
        for (const userId of event.userIds) for (const stream of byUser.get(userId) ?? []) send(stream.res, "notify", "{}");
        return;
      case "workspace.changed":
        // A deleted workspace has nothing left to follow (ADR 0022); an archived one stays readable.
        if (event.kind === "deleted") endAll(byWorkspace.get(event.workspaceId), "membership");
        return;
    }
  });

  // Expiry is not announced when it happens (only when the session is next used or cleaned
  // up), so the tokens of open streams are checked now and then, without extending them.
  let checking: Promise<void> | null = null;
  const checkSessions = () =>
    (checking ??= (async () => {
      try {
        const tokens = new Map<string, Stream[]>();
        for (const set of bySession.values()) for (const s of set) tokens.set(s.token, [...(tokens.get(s.token) ?? []), s]);
        const alive = await auth.stillValid([...tokens.keys()]);
        for (const [token, streams] of tokens) if (!alive.has(token)) endAll(streams, "session");
      } catch (error) {
        console.error("live session check failed", error);
      } finally {
        checking = null;
      }
    })());
  const sessionCheck = setInterval(() => void checkSessions(), sessionCheckMs);
  sessionCheck.unref();
  const sharedPresence = transport ? connectPresence(presence, transport) : null;
  // Back after an outage: a removal or logout another instance announced meanwhile was lost,
  // so every stream's session and membership are checked again before it is told to refresh.
  const stopRefreshing = transport?.onResumed(() => void resume());
  async function resume() {
    try {
      await checkSessions();
      for (const set of [...byWorkspace.values()]) {
        for (const s of [...set]) {
          const member = await resolveScope(prisma, s.userId, s.workspaceSlug).then(
            () => true,
            () => false,
          );
          if (member) send(s.res, "refresh", JSON.stringify({ reason: "resumed" }));
          else end(s.res, "membership");
        }
      }
    } catch (error) {
      console.error("live: checking streams after an outage failed", error);
    }
  }
  const heartbeat = setInterval(() => {
    for (const set of byWorkspace.values()) for (const s of set) write(s.res, ": ping\n\n");
  }, HEARTBEAT_MS);
  heartbeat.unref();

  app.get("/w/:workspace/live", async (req: Request, res: Response) => {
    try {
      const { user, sessionToken } = sessionState(res);
      const view = typeof req.query.view === "string" && VIEW.test(req.query.view) ? req.query.view : "workspace";
      if (!user || !sessionToken) return void res.status(401).end();
      let workspaceId: string;
      try {
        workspaceId = (await resolveScope(prisma, user.id, String(req.params.workspace))).workspaceId;
      } catch {
        return void res.status(404).end();
      }
      const org = await prisma.organisation.findUnique({ where: { id: user.organisationId }, select: { name: true } });
      const sessionId = hashToken(sessionToken);
      // Counted after the last await, so concurrent requests cannot all pass the check.
      if ((bySession.get(sessionId)?.size ?? 0) >= streamsPerSession) {
        return void res.status(429).set("Retry-After", "60").end();
      }
      res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive" });
      res.write("retry: 3000\n\n");
      const stream: Stream = {
        userId: user.id,
        token: sessionToken,
        sessionId,
        workspaceId,
        workspaceSlug: String(req.params.workspace),
        res,
        leavePresence: presence.join(`${workspaceId} ${view}`, view, { userId: user.id, name: user.name, organisation: org?.name ?? "" }, res),
      };
      add(byWorkspace, workspaceId, stream);
      add(bySession, sessionId, stream);
      add(byUser, user.id, stream);
      res.on("close", () => {
        stream.leavePresence();
        remove(byWorkspace, workspaceId, stream);
        remove(bySession, sessionId, stream);
        remove(byUser, user.id, stream);
      });
    } catch (error) {
      console.error("live stream failed", error);
      if (!res.headersSent) res.status(500).end();
      else res.end();
    }
  });

  return {
    /** Ends the streams whose session has ended (runs every `sessionCheckMs` by itself). */
    checkSessions,
    /** Ends every stream (on shutdown). */
    close() {
      stopListening();
      stopRefreshing?.();
      // Goodbye to the other instances: they stop listing this one's viewers now.
      void sharedPresence?.then((stop) => stop());
      clearInterval(sessionCheck);
      clearInterval(heartbeat);
      presence.close();
      for (const set of byWorkspace.values()) endAll(set, "shutdown");
    },
  };
}

function add<K>(map: Map<K, Set<Stream>>, key: K, stream: Stream) {
  const set = map.get(key) ?? new Set<Stream>();
  set.add(stream);
  map.set(key, set);
}

function remove<K>(map: Map<K, Set<Stream>>, key: K, stream: Stream) {
  const set = map.get(key);
  if (!set) return;
  set.delete(stream);
  if (set.size === 0) map.delete(key);
}

function write(res: Response, chunk: string) {
  if (res.writableEnded || res.destroyed) return;
  res.write(chunk);
  (res as Response & { flush?: () => void }).flush?.(); // past the compression middleware
  if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
}

function send(res: Response, event: string, data: string) {
  write(res, `event: ${event}\ndata: ${data}\n\n`);
}

/** Tells the client why (an `end` event), then closes the stream. */
function end(res: Response, reason: string) {
  if (res.writableEnded || res.destroyed) return;
  send(res, "end", JSON.stringify({ reason }));
  res.end();
}
