import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { isAllowedOrigin, type Auth } from "@regiotafel/auth";
import { MAX_FRAME_BYTES, parseDocumentRoomName, type CollabHub } from "@regiotafel/collab";
import { resolveDocumentAccess, type Db } from "@regiotafel/db";
import type { Config } from "./config";

const COLLAB_PATH = /^\/collab\/([^/?]+)$/;

/**
 * The live co-editing endpoint, /collab/doc.<id>. The upgrade is accepted only with a valid
 * session cookie, an Origin of this site, and membership of the document's workspace;
 * otherwise it is answered with a plain HTTP status and no WebSocket.
 */
export function attachCollab(http: Server, deps: { config: Config; auth: Auth; prisma: Db; hub: CollabHub }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void authorise(req).then(
      (result) => {
        if ("status" in result) return refuse(socket, result.status);
        wss.handleUpgrade(req, socket, head, (ws) => void deps.hub.join(ws, result));
      },
      (error: unknown) => {
        console.error("collab upgrade failed", error);
        refuse(socket, 500);
      },
    );
  });

  type Decision = { status: number } | { documentId: string; workspaceId: string; userId: string; canEdit: boolean };

  async function authorise(req: IncomingMessage): Promise<Decision> {
    const path = COLLAB_PATH.exec(new URL(req.url ?? "/", "http://localhost").pathname);
    const documentId = path ? parseDocumentRoomName(decodeURIComponent(path[1]!)) : null;
    if (!documentId) return { status: 404 };
    if (!isAllowedOrigin(req.headers.origin, req.headers.host, deps.config.allowedOrigins)) return { status: 403 };
    const token = deps.auth.readToken(req.headers.cookie);
    const session = token ? await deps.auth.validate(token) : null;
    if (!session) return { status: 401 };
    const access = await resolveDocumentAccess(deps.prisma, session.user.id, documentId);
    if (!access) return { status: 404 };
    return { documentId, workspaceId: access.workspaceId, userId: access.userId, canEdit: access.canEdit };
  }

  return { close: () => new Promise<void>((resolve) => wss.close(() => resolve())) };
}

const STATUS_TEXT: Record<number, string> = { 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error" };

function refuse(socket: Duplex, status: number) {
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
