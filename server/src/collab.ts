import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { endsSession, type Auth } from "@regiotafel/auth";
import { CLOSE_CODES, MAX_FRAME_BYTES, parseDocumentRoomName, type CollabHub, type JoinRequest } from "@regiotafel/collab";
import { colorFor } from "@regiotafel/collab/presence";
import { eventBus, resolveDocumentAccess, type Db, type MessageTransport } from "@regiotafel/db";
import type { Config } from "./config";
import { isAllowedHost, isAllowedOrigin, siteOf } from "./site";

const COLLAB_PATH = /^\/collab\/([^/?]+)$/;

/**
 * The live co-editing endpoint, /collab/doc.<id>. The upgrade is accepted only with a valid
 * session cookie, an Origin of this site, and membership of the document's workspace;
 * otherwise it is answered with a plain HTTP status and no WebSocket.
 */
export function attachCollab(
  http: Server,
  deps: { config: Config; auth: Auth; prisma: Db; hub: CollabHub; sessionCheckMs?: number; transport?: MessageTransport | null },
) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  /** The session each open socket was admitted with, and the rights it was given. */
  const sessions = new Map<WebSocket, { token: string; userId: string; documentId: string; canEdit: boolean }>();

  // An open connection must not outlive its session: logout, sign out everywhere and a
  // password change end it at once; expiry nobody announced is found by the periodic check.
  const stopSessionEnds = eventBus.subscribe((event) => {
    if (event.type !== "sessions.ended") return;
    for (const [ws, { token, userId }] of sessions) if (endsSession(event, token, userId)) ws.close(CLOSE_CODES.SESSION_ENDED, "session ended");
  });
  const sessionCheck = setInterval(() => void closeEndedSessions(), deps.sessionCheckMs ?? 60_000);
  sessionCheck.unref();
  // Redis was away: a role change, removal or logout announced meanwhile by another instance
  // never arrived. Every open connection is authorised again; those whose rights changed close.
  const stopResumed = deps.transport?.onResumed(() => void reauthoriseAll()) ?? (() => undefined);
  async function reauthoriseAll() {
    for (const [ws, admitted] of [...sessions]) {
      try {
        const session = await deps.auth.validate(admitted.token);
        if (!session) {
          ws.close(CLOSE_CODES.SESSION_ENDED, "session ended");
          continue;
        }
        const access = await resolveDocumentAccess(deps.prisma, admitted.userId, admitted.documentId);
        if (!access || access.canEdit !== admitted.canEdit) ws.close(CLOSE_CODES.PERMISSIONS_CHANGED, "permissions changed");
      } catch (error) {
        console.error("collab: authorising an open connection again failed", error);
      }
    }
  }
  async function closeEndedSessions() {
    const byToken = new Map<string, WebSocket[]>();
    for (const [ws, { token }] of sessions) byToken.set(token, [...(byToken.get(token) ?? []), ws]);
    for (const [token, sockets] of byToken) {
      if (await deps.auth.validate(token).catch(() => "unknown")) continue;
      for (const ws of sockets) ws.close(CLOSE_CODES.SESSION_ENDED, "session ended");
    }
  }

  // Every path below ends in this connection being served or closed; nothing it sends can
  // reject a promise nobody handles (which would stop the process).
  http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node's HTTP server drops its own error listener from an upgrading socket: without one,
    // a client resetting the connection while we authorise would be an uncaught error.
    socket.on("error", () => socket.destroy());
    authorise(req)
      .then((result) => {
        if ("status" in result) return refuse(socket, result.status);
        const { token, ...request } = result;
        wss.handleUpgrade(req, socket, head, (ws) => {
          sessions.set(ws, { token, userId: request.userId, documentId: request.documentId, canEdit: request.canEdit });
          ws.once("close", () => sessions.delete(ws));
          deps.hub.join(ws, request).catch((error: unknown) => {
            console.error("collab: serving a connection failed", error);
            ws.terminate();
          });
        });
      })
      .catch((error: unknown) => {
        console.error("collab upgrade failed", error);
        refuse(socket, 500);
      });
  });

  type Decision = { status: number } | (JoinRequest & { token: string });

  async function authorise(req: IncomingMessage): Promise<Decision> {
    const path = COLLAB_PATH.exec(new URL(req.url ?? "/", "http://localhost").pathname);
    const documentId = path ? parseDocumentRoomName(decodeURIComponent(path[1]!)) : null;
    if (!documentId) return { status: 404 };
    const site = siteOf(req, deps.config.trustProxy);
    if (!isAllowedHost(site, deps.config)) return { status: 421 };
    if (!isAllowedOrigin(req.headers.origin, site, deps.config)) return { status: 403 };
    const token = deps.auth.readToken(req.headers.cookie, site);
    const session = token ? await deps.auth.validate(token) : null;
    if (!session) return { status: 401 };
    const access = await resolveDocumentAccess(deps.prisma, session.user.id, documentId);
    if (!access) return { status: 404 };
    return {
      documentId,
      workspaceId: access.workspaceId,
      userId: access.userId,
      organisationId: access.organisationId,
      canEdit: access.canEdit,
      // Who this connection is, for everyone else's editor: never what the client says.
      presence: { name: access.userName, organisation: access.organisationName, color: colorFor(access.userId) },
      token: token!,
    };
  }

  return {
    checkSessions: closeEndedSessions,
    /** Authorises every open connection again (the transport does this after a Redis outage). */
    reauthorise: reauthoriseAll,
    close() {
      clearInterval(sessionCheck);
      stopResumed();
      stopSessionEnds();
      return new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

const STATUS_TEXT: Record<number, string> = { 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 421: "Misdirected Request", 500: "Internal Server Error" };

function refuse(socket: Duplex, status: number) {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
