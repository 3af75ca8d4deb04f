import { z } from "zod";
import { ROLES, type RecordChange, type Role } from "@regiotafel/domain";
import type { MessageTransport } from "./transport";

/**
 * A member's role changed or they were removed from a workspace (after the commit): their
 * live connections to that workspace close and re-authorise.
 */
export type MembershipChange = { workspaceId: string; userId: string } & ({ kind: "roleChanged"; role: Role } | { kind: "removed" });

/**
 * Sessions that ended (logout, sign out everywhere, password change, expiry, replaced at
 * login): either the listed sessions, by their stored id (the SHA-256 of the token), or
 * every session the user had at that moment. Live connections opened with them must close.
 */
export type SessionsEnded = { sessionIds: readonly string[] } | { userId: string; reason?: SessionsEndedReason };

/** Why every session of a user ended at once (`endAllSessions`), for logs and close reasons. */
export type SessionsEndedReason = "signOutEverywhere" | "passwordChanged" | "passwordReset" | "deactivated";

/**
 * A workspace was archived, reactivated or deleted (ADR 0022, after the commit): its live
 * connections close; archived ones reconnect read-only, deleted ones find nothing.
 */
export type WorkspaceLifecycle = { workspaceId: string; kind: "archived" | "reactivated" | "deleted" };

/**
 * Everything that happened which another part of the system reacts to: one type, told apart
 * by `type`. Plain JSON data, so that an implementation can carry it between instances.
 */
export type BusEvent =
  | ({ type: "record.changed" } & RecordChange)
  | ({ type: "membership.changed" } & MembershipChange)
  | ({ type: "sessions.ended" } & SessionsEnded)
  /** A mail was queued in the outbox and committed: the process's mail worker may send it now. */
  | { type: "mail.queued" }
  /** Notifications were created and committed for these users: their bells count again (ADR 0036). */
  | { type: "notifications.created"; userIds: string[] }
  | ({ type: "workspace.changed" } & WorkspaceLifecycle);

/**
 * Publish and subscribe for `BusEvent`s. Publishing happens after the fact (a commit, a deleted
 * session) and never fails because of a listener: one that throws is logged and does not stop
 * the others or the publisher. The in-process bus calls listeners synchronously; one across
 * instances may call them later, so a listener must not rely on that.
 */
export interface EventBus {
  publish(event: BusEvent): void;
  /** Calls `listener` with every event published from now on; returns the function that stops it. */
  subscribe(listener: (event: BusEvent) => void): () => void;
}

/** The bus within one process: a set of listeners, called in the order they subscribed. */
export function createInProcessEventBus(): EventBus {
  const listeners = new Set<(event: BusEvent) => void>();
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          console.error(`${event.type} listener failed`, error);
        }
      }
    },
    subscribe(listener) {
      // Each subscription is its own entry, so subscribing one function twice needs two stops.
      const entry = (event: BusEvent) => listener(event);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
  };
}

/** The bus every publisher and listener of this process uses. */
export const eventBus: EventBus = createInProcessEventBus();

/** A mail was queued and committed: the mail worker sends it now rather than at its next poll. */
export function announceMail(): void {
  eventBus.publish({ type: "mail.queued" });
}

/** Announces a committed record change (shorthand for the record services). */
export function publishRecordChange(change: RecordChange): void {
  eventBus.publish({ type: "record.changed", ...change });
}

/** The channel events travel on between instances (JSON, one event per message). */
export const EVENTS_CHANNEL = "events";

const id = z.string().min(1).max(200);
/** What another instance may send: exactly the shapes of `BusEvent`, nothing else passes. */
const busEventSchema: z.ZodType<BusEvent> = z.union([
  z.strictObject({
    type: z.literal("record.changed"),
    workspaceId: id,
    entityType: id,
    entityId: id,
    parentId: id.optional(),
    action: id,
    actorId: id,
  }),
  z.strictObject({ type: z.literal("membership.changed"), workspaceId: id, userId: id, kind: z.literal("roleChanged"), role: z.enum(ROLES) }),
  z.strictObject({ type: z.literal("membership.changed"), workspaceId: id, userId: id, kind: z.literal("removed") }),
  // The hourly cleanup may end many sessions in one event.
  z.strictObject({ type: z.literal("sessions.ended"), sessionIds: z.array(id).max(1_000_000) }),
  z.strictObject({
    type: z.literal("sessions.ended"),
    userId: id,
    reason: z.enum(["signOutEverywhere", "passwordChanged", "passwordReset", "deactivated"]).optional(),
  }),
  z.strictObject({ type: z.literal("mail.queued") }),
  z.strictObject({ type: z.literal("notifications.created"), userIds: z.array(id).max(100_000) }),
  z.strictObject({ type: z.literal("workspace.changed"), workspaceId: id, kind: z.enum(["archived", "reactivated", "deleted"]) }),
]);

export interface ConnectEventBusOptions {
  /** Where malformed messages are reported (once per kind); console.warn by default. */
  log?: (message: string) => void;
}

/** The buses connected to a transport (one each: a second connection would deliver everything twice). */
const connected = new WeakSet<EventBus>();

/**
 * Joins `bus` to the other instances (ADR 0033): every event published on it here is also sent
 * on the "events" channel, and every event another instance sent is published to this
 * instance's listeners, and only to them (it is not sent on again, and the transport never
 * returns a message to its sender). Publishers and listeners stay as they are.
 *
 * Delivery between instances is the transport's: at most once, lost while Redis is away.
 * Whoever must not miss anything catches up on `transport.onResumed` (live pages reload,
 * documents heal from PostgreSQL). A received message that is not a `BusEvent` is dropped
 * and logged once per kind; nothing is thrown.
 *
 * A bus is connected once: in a process that runs several servers (tests) only the first
 * connection relays, the others are no-ops, since they all share one in-process bus.
 * @returns the function that disconnects the bus again.
 */
export async function connectEventBus(bus: EventBus, transport: MessageTransport, options: ConnectEventBusOptions = {}): Promise<() => void> {
  if (connected.has(bus)) return () => undefined;
  connected.add(bus);
  const log = options.log ?? ((message: string) => console.warn(`[events] ${message}`));
  const fromElsewhere = new WeakSet<BusEvent>();
  const reported = new Set<string>();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder("utf-8", { fatal: true });

  const stopRelaying = bus.subscribe((event) => {
    if (fromElsewhere.has(event)) return;
    transport.publish(EVENTS_CHANNEL, encoder.encode(JSON.stringify(event)));
  });
  const stopReceiving = await transport.subscribe(EVENTS_CHANNEL, (message) => {
    let raw: unknown;
    try {
      raw = JSON.parse(decoder.decode(message));
    } catch {
      return report("unreadable", "a message that is not JSON");
    }
    const parsed = busEventSchema.safeParse(raw);
    if (!parsed.success) {
      const type = typeof raw === "object" && raw !== null && typeof (raw as { type?: unknown }).type === "string" ? (raw as { type: string }).type.slice(0, 60) : "untyped";
      return report(type, `a malformed ${JSON.stringify(type)} event (${parsed.error.issues[0]?.path.join(".") || "shape"}: ${parsed.error.issues[0]?.message})`);
    }
    fromElsewhere.add(parsed.data);
    bus.publish(parsed.data);
  });

  function report(kind: string, what: string) {
    if (reported.has(kind)) return;
    reported.add(kind);
    log(`dropped ${what} from another instance (further ones of this kind are dropped silently)`);
  }

  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    stopRelaying();
    stopReceiving();
    connected.delete(bus);
  };
}
