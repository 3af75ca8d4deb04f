import type { Express, Request, Response } from "express";
import { onMembershipChange, onRecordChange, resolveScope, type Db } from "@regiotafel/db";
import { sessionState } from "./request-context";

interface Viewer {
  id: number;
  userId: string;
  name: string;
  organisation: string;
  /** What the page shows, e.g. "tender:<id>" or "staffing". */
  view: string;
  res: Response;
}

const VIEW = /^[a-z]+(:[0-9a-f-]{36})?$/;
const HEARTBEAT_MS = 25_000;

/**
 * GET /w/<workspace>/live?view=<what>: a Server-Sent Events stream for a workspace member.
 * It sends `change` events for every committed change to the workspace's records, and
 * `presence` events listing who else has the same view open. Members only (404 otherwise).
 */
export function mountLive(app: Express, prisma: Db) {
  const byWorkspace = new Map<string, Set<Viewer>>();
  let nextId = 1;

  const presence = (workspaceId: string, view: string) => {
    const viewers = [...(byWorkspace.get(workspaceId) ?? [])].filter((v) => v.view === view);
    const unique = new Map(viewers.map((v) => [v.userId, { userId: v.userId, name: v.name, organisation: v.organisation }]));
    const data = JSON.stringify({ view, viewers: [...unique.values()] });
    for (const v of viewers) send(v.res, "presence", data);
  };

  const stopChanges = onRecordChange((change) => {
    const data = JSON.stringify(change);
    for (const v of byWorkspace.get(change.workspaceId) ?? []) send(v.res, "change", data);
  });
  const stopMembership = onMembershipChange((event) => {
    for (const v of byWorkspace.get(event.workspaceId) ?? []) if (v.userId === event.userId) v.res.end();
  });

  app.get("/w/:workspace/live", async (req: Request, res: Response) => {
    const { user } = sessionState(res);
    const view = typeof req.query.view === "string" && VIEW.test(req.query.view) ? req.query.view : "workspace";
    if (!user) return void res.status(401).end();
    let workspaceId: string;
    try {
      workspaceId = (await resolveScope(prisma, user.id, String(req.params.workspace))).workspaceId;
    } catch {
      return void res.status(404).end();
    }
    const org = await prisma.organisation.findUnique({ where: { id: user.organisationId }, select: { name: true } });
    res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive" });
    res.write("retry: 3000\n\n");
    const viewer: Viewer = { id: nextId++, userId: user.id, name: user.name, organisation: org?.name ?? "", view, res };
    const set = byWorkspace.get(workspaceId) ?? new Set<Viewer>();
    set.add(viewer);
    byWorkspace.set(workspaceId, set);
    presence(workspaceId, view);
    const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
    res.on("close", () => {
      clearInterval(heartbeat);
      set.delete(viewer);
      presence(workspaceId, view);
    });
  });

  return {
    /** Ends every stream (on shutdown). */
    close() {
      stopChanges();
      stopMembership();
      for (const set of byWorkspace.values()) for (const v of set) v.res.end();
    },
  };
}

function send(res: Response, event: string, data: string) {
  res.write(`event: ${event}\ndata: ${data}\n\n`);
  (res as Response & { flush?: () => void }).flush?.(); // past the compression middleware
}
