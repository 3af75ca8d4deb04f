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
    for (const key of this.changed) {
      const room = this.rooms.get(key);
      if (!room) continue;
      if (room.seats.size === 0) {
        this.rooms.delete(key);
        continue;
      }
      const viewers = new Map<string, LiveViewer>();
      for (const { member } of room.seats) if (!viewers.has(member.userId)) viewers.set(member.userId, member);
      const message: LivePresence = { view: room.view, viewers: [...viewers.values()] };
      const data = JSON.stringify(message);
      for (const seat of room.seats) {
        if (seat.lastSent === data) continue;
        seat.lastSent = data;
        this.options.send(seat.target, data);
      }
    }
    this.changed.clear();
  }

  close(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    this.changed.clear();
    this.rooms.clear();
  }

  private markChanged(roomKey: string): void {
    this.changed.add(roomKey);
    this.cancelFlush ??= this.schedule(() => this.flush(), this.options.intervalMs);
  }
}
