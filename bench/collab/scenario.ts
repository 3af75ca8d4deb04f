// The scenario runner of bench/collab: writers edit 5 times a second, observers record how
// long each edit takes to reach them. Used by run.ts (one server vs the reference) and
// cluster.ts (two instances vs one).
import { cpuSeconds, rssMiB } from "../lib/proc";
import { fmt, summarise } from "../lib/stats";
import { Observer, Writer } from "./clients";

export const EDITS_PER_SECOND = 5;

export interface Scenario {
  label: string;
  documents: number;
  editors: number;
  observers: number;
}

export interface Target {
  name: string;
  pid: number;
  /**
   * WebSocket URL of document number `doc` of the current scenario for a client (writer or
   * observer number `client`; several instances may serve different clients).
   */
  documentUrl(doc: number, client: number, role: "writer" | "observer"): string;
  headers(i: number): Record<string, string>;
  /** Whether an observer measures the latency of that writer's edits (default: all; every edit must arrive). */
  measures?(observer: number, writer: number): boolean;
  prepare(documents: number): Promise<void>;
  stop(): Promise<void>;
}

export interface Result {
  p50: number;
  p95: number;
  p99: number;
  dropped: number;
  sent: number;
  rss: number;
  cpu: number;
}

export async function run(target: Target, s: Scenario, seconds: number): Promise<Result> {
  await target.prepare(s.documents);
  const writers: Writer[] = [];
  const observers: Observer[][] = [];
  for (let d = 0; d < s.documents; d++) {
    const docObservers: Observer[] = [];
    for (let o = 0; o < s.observers; o++) {
      const observer = new Observer(target.measures ? (writer) => target.measures!(o, writer % 1000) : undefined);
      await observer.connect(target.documentUrl(d, o, "observer"), target.headers(o));
      docObservers.push(observer);
    }
    observers.push(docObservers);
    for (let e = 0; e < s.editors; e++) {
      const writer = new Writer(d * 1000 + e);
      await writer.connect(target.documentUrl(d, e, "writer"), target.headers(e));
      writers.push(writer);
    }
  }
  // Each writer edits 5 times a second, at its own phase.
  const period = 1000 / EDITS_PER_SECOND;
  const timers = writers.map((w) => {
    const start = setTimeout(() => {
      w.edit();
      interval.ref = setInterval(() => w.edit(), period);
    }, Math.random() * period);
    const interval: { ref?: NodeJS.Timeout } = {};
    return { start, interval };
  });

  await new Promise((r) => setTimeout(r, 2000)); // warm-up
  const since = performance.now();
  for (const list of observers) for (const o of list) o.measuringSince = since;
  const cpu0 = cpuSeconds(target.pid);
  let peakRss = rssMiB(target.pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(target.pid))), 500);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = (cpuSeconds(target.pid) - cpu0) / seconds;
  clearInterval(sampler);
  for (const t of timers) {
    clearTimeout(t.start);
    clearInterval(t.interval.ref);
  }

  // Let everything in flight arrive, then count what every observer never saw.
  const sent = writers.reduce((n, w) => n + w.sent, 0);
  const deadline = Date.now() + 15_000;
  const missing = () =>
    observers.reduce((worst, list, d) => {
      const expected = writers.filter((w) => Math.floor(w.index / 1000) === d).reduce((n, w) => n + w.sent, 0);
      return Math.max(worst, ...list.map((o) => expected - o.seen.size));
    }, 0);
  while (missing() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const latencies = observers.flat().flatMap((o) => o.latencies);
  const stats = summarise(latencies);
  const dropped = missing();
  for (const w of writers) w.close();
  for (const o of observers.flat()) o.close();
  await new Promise((r) => setTimeout(r, 500));
  return { p50: stats.p50, p95: stats.p95, p99: stats.p99, dropped, sent, rss: peakRss, cpu };
}

export function line(name: string, label: string, r: Result) {
  console.log(
    `${name.padEnd(28)} ${label.padEnd(13)} p50 ${fmt(r.p50).padStart(7)} ms  p95 ${fmt(r.p95).padStart(7)} ms  p99 ${fmt(r.p99).padStart(7)} ms  ` +
      `dropped ${String(r.dropped).padStart(4)}/${r.sent}  RSS ${fmt(r.rss, 0).padStart(4)} MiB  CPU ${fmt(r.cpu * 100, 0).padStart(3)}%`,
  );
}


/** `count` new free documents in the Limburg demo workspace, created by its admin; their ids. */
export async function createBenchDocuments(base: string, adminCookie: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${base}/api/trpc/document.create`, {
      method: "POST",
      headers: { Cookie: adminCookie, Origin: base, "Content-Type": "application/json" },
      body: JSON.stringify({ workspace: "limburg", kind: "FREE", title: `Bench ${Date.now()}-${i}` }),
    });
    ids.push(((await res.json()) as { result: { data: { id: string } } }).result.data.id);
  }
  return ids;
}
