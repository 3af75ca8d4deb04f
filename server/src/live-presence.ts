import type { LivePresence, LiveViewer } from "@regiotafel/domain";

interface Seat<T> {
  member: LiveViewer;
  target: T;
  /** The presence message this seat was last sent (null: none yet). */
  lastSent: string | null;
}

interface Room<T> {
  view: string;
  seats: Set<Seat<T>>;
}

/** The viewers of one room on one instance, as instances tell each other (live-presence-cluster.ts). */
export interface RoomViewers {
  room: string;
  view: string;
  viewers: LiveViewer[];
}

export interface PresenceBoardOptions<T> {
  /** Changes to a room are sent at most once per interval. */
  intervalMs: number;
  send(target: T, data: string): void;
  /** Replaceable in tests: runs `fn` after `ms`, returns a cancel function. */
  schedule?: (fn: () => void, ms: number) => () => void;
}

const defaultSchedule = (fn: () => void, ms: number) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/**
 * Who has which page open, sent to everyone on that page. Joins and leaves only mark the
 * room changed; once per interval every changed room is described once (one JSON string)
 * and sent to the seats that have not seen that exact description yet. N people opening a
 * page within an interval cost N messages, not 1 + 2 + … + N; a second tab of someone
 * already listed costs one message (to that tab), not one to everyone.
 */
export class PresenceBoard<T> {
  private readonly rooms = new Map<string, Room<T>>();
  private readonly changed = new Set<string>();
  private cancelFlush: (() => void) | null = null;
  private readonly schedule: (fn: () => void, ms: number) => () => void;
  /** Viewers on other instances: room key → instance id → what that instance last said. */
  private readonly remote = new Map<string, Map<string, RoomViewers>>();
  /** This instance's own viewers per room as last announced (JSON), so only real changes go out. */
  private readonly announced = new Map<string, string>();
  private announcer: ((rooms: RoomViewers[]) => void) | null = null;

  constructor(private readonly options: PresenceBoardOptions<T>) {
    this.schedule = options.schedule ?? defaultSchedule;
  }

  /** Seats `target` in the room; returns the function that takes the seat away again. */
  join(roomKey: string, view: string, member: LiveViewer, target: T): () => void {
    let room = this.rooms.get(roomKey);
    if (!room) {
      room = { view, seats: new Set() };
      this.rooms.set(roomKey, room);
    }
    const seat: Seat<T> = { member, target, lastSent: null };
    room.seats.add(seat);
    this.markChanged(roomKey);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      room.seats.delete(seat);
      this.markChanged(roomKey);
    };
  }

  /** Sends what changed now (the timer calls this; tests may too). */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    const announce: RoomViewers[] = [];
    for (const key of this.changed) {
      const room = this.rooms.get(key);
      const local = new Map<string, LiveViewer>();
      for (const { member } of room?.seats ?? []) if (!local.has(member.userId)) local.set(member.userId, member);
      if (this.announcer) {
        const own = JSON.stringify([...local.values()]);
        // An empty room is announced once (so others forget it), then not at all.
        if ((this.announced.get(key) ?? "[]") !== own) announce.push({ room: key, view: room?.view ?? "", viewers: [...local.values()] });
        if (local.size > 0) this.announced.set(key, own);
        else this.announced.delete(key);
      }
      if (!room) continue;
      if (room.seats.size === 0) {
        this.rooms.delete(key);
        continue;
      }
      // Everyone here first, then those on other instances (each person once).
      const viewers = new Map(local);
      for (const entry of this.remote.get(key)?.values() ?? []) for (const v of entry.viewers) if (!viewers.has(v.userId)) viewers.set(v.userId, v);
      const message: LivePresence = { view: room.view, viewers: [...viewers.values()] };
      const data = JSON.stringify(message);
      for (const seat of room.seats) {
        if (seat.lastSent === data) continue;
        seat.lastSent = data;
        this.options.send(seat.target, data);
      }
    }
    this.changed.clear();
    if (announce.length > 0) this.announcer?.(announce);
  }

  /**
   * Hands this instance's viewers of each changed room to `announcer` at every flush (the
   * coalescing interval applies to the other instances as well).
   */
  announceTo(announcer: ((rooms: RoomViewers[]) => void) | null): void {
    this.announcer = announcer;
    this.announced.clear();
    for (const [key, room] of this.rooms) if (room.seats.size > 0) this.markChanged(key);
  }

  /** This instance's own viewers of every room that has any (for heartbeats). */
  localRooms(): RoomViewers[] {
    const rooms: RoomViewers[] = [];
    for (const [key, room] of this.rooms) {
      const viewers = new Map<string, LiveViewer>();
      for (const { member } of room.seats) if (!viewers.has(member.userId)) viewers.set(member.userId, member);
      if (viewers.size > 0) rooms.push({ room: key, view: room.view, viewers: [...viewers.values()] });
    }
    return rooms;
  }

  /**
   * What instance `instanceId` has in the rooms listed (an empty list of viewers: nobody
   * there any more). With `complete`, rooms it no longer lists are forgotten too.
   */
  setRemote(instanceId: string, rooms: readonly RoomViewers[], complete = false): void {
    const listed = new Set<string>();
    for (const entry of rooms) {
      listed.add(entry.room);
      let byInstance = this.remote.get(entry.room);
      const before = JSON.stringify(byInstance?.get(instanceId)?.viewers ?? []);
      if (JSON.stringify(entry.viewers) === before) continue;
      if (entry.viewers.length === 0) {
        byInstance?.delete(instanceId);
        if (byInstance?.size === 0) this.remote.delete(entry.room);
      } else {
        if (!byInstance) this.remote.set(entry.room, (byInstance = new Map()));
        byInstance.set(instanceId, entry);
      }
      this.remoteChanged(entry.room);
    }
    if (complete) {
      for (const [key, byInstance] of [...this.remote]) {
        if (listed.has(key) || !byInstance.delete(instanceId)) continue;
        if (byInstance.size === 0) this.remote.delete(key);
        this.remoteChanged(key);
      }
    }
  }

  /** Forgets everyone instance `instanceId` had (it said goodbye, or stopped answering). */
  forgetInstance(instanceId: string): void {
    this.setRemote(instanceId, [], true);
  }

  close(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    this.changed.clear();
    this.rooms.clear();
    this.remote.clear();
    this.announcer = null;
  }

  private remoteChanged(roomKey: string): void {
    // Only rooms with seats here have anyone to tell.
    if (this.rooms.has(roomKey)) this.markChanged(roomKey);
  }

  private markChanged(roomKey: string): void {
    this.changed.add(roomKey);
    this.cancelFlush ??= this.schedule(() => this.flush(), this.options.intervalMs);
  }
}
