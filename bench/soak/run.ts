// bench/soak: the server under steady load for a long time. 200 editors over 20 documents
// (each edit replaces the editor's own text, so documents keep their size and memory should
// too), an observer per document that must see every edit, and SSE viewers on the record
// pages that come and go while a municipality toggles its participation in a lot. Prints RSS
// and heap every minute, p99 propagation and errors; at the end the server restarts and every
// editor's last edit must be in the stored document.
//   pnpm --filter @regiotafel/bench soak     (SOAK_MINUTES=10; up to 60; BENCH_DATABASE_URL for PostgreSQL)
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServerProcess, type ServerProcess } from "@regiotafel/server/testing";
import { login } from "../lib/load";
import { rssMiB } from "../lib/proc";
import { fmt, summarise } from "../lib/stats";
import { createPostgresDatabase, postgresServerUrl, tempDir } from "../lib/databases";
import { Observer, readDocumentText, Writer } from "../collab/clients";
import { SseViewer } from "./sse";

const MINUTES = Math.min(60, Number(process.env.SOAK_MINUTES ?? 10));
const DOCUMENTS = Number(process.env.SOAK_DOCUMENTS ?? 20);
const EDITORS = Number(process.env.SOAK_EDITORS ?? 200);
const EDITS_PER_SECOND = Number(process.env.SOAK_EDITS_PER_SECOND ?? 2);
const SSE_VIEWERS = Number(process.env.SOAK_SSE_VIEWERS ?? 40);
const MUNICIPALITIES = ["weert", "nederweert", "leudal", "venlo", "roermond", "venray", "gennep", "beesel", "horst-aan-de-maas", "peel-en-maas"];

const here = path.dirname(fileURLToPath(import.meta.url));
const pgServer = postgresServerUrl();
const pg = pgServer ? await createPostgresDatabase(pgServer, "regiotafel_bench_soak") : null;
const dataDir = await tempDir("regiotafel-bench-soak-");
const heapFile = path.join(dataDir, "heap.json");
const serverEnv = {
  NODE_ENV: "test",
  NODE_OPTIONS: `--import=${path.join(here, "heap-probe.mjs")}`,
  HEAP_PROBE_FILE: heapFile,
  ...(pg ? { DATABASE_URL: pg.url } : {}),
};

console.log(
  `bench/soak: ${EDITORS} editors over ${DOCUMENTS} documents at ${EDITS_PER_SECOND} edits/s each, ${SSE_VIEWERS} SSE viewers, ` +
    `${MINUTES} min, ${pg ? "PostgreSQL" : "PGlite"}`,
);
let server: ServerProcess = await startServerProcess(serverEnv, dataDir);
const base = () => server.url.replace("localhost", "127.0.0.1");

const cookies: string[] = [];
for (const m of MUNICIPALITIES) cookies.push(await login(base(), `${m}@demo.regiotafel.nl`));
const admin = await login(base(), "admin@demo.regiotafel.nl");
const weert = cookies[0]!;
const api = async (procedure: string, cookie: string, input?: unknown, method: "GET" | "POST" = "GET") => {
  const query = method === "GET" && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : "";
  const res = await fetch(`${base()}/api/trpc/${procedure}${query}`, {
    method,
    headers: { Cookie: cookie, Origin: base(), ...(method === "POST" ? { "Content-Type": "application/json" } : {}) },
    body: method === "POST" ? JSON.stringify(input) : undefined,
  });
  const body = (await res.json()) as { result?: { data: unknown }; error?: { message: string } };
  if (!res.ok) throw new Error(`${procedure}: ${res.status} ${body.error?.message}`);
  return body.result!.data;
};

const documentIds: string[] = [];
for (let i = 0; i < DOCUMENTS; i++) {
  const doc = (await api("document.create", admin, { workspace: "limburg", kind: "FREE", title: `Soak ${i}` }, "POST")) as { id: string };
  documentIds.push(doc.id);
}
const collabUrl = (d: number) => `${base().replace("http", "ws")}/collab/doc.${documentIds[d]}`;
// A lot that Weert can opt in and out of: every toggle is a committed change for the SSE viewers.
const { tenders: board } = (await api("tender.board", weert, { workspace: "limburg" })) as { tenders: { id: string }[] };
const weertId = ((await api("auth.me", weert)) as { organisationId: string }).organisationId;
let lotId: string | undefined;
for (const tender of board) {
  const detail = (await api("tender.get", weert, { workspace: "limburg", tenderId: tender.id })) as { lots: { id: string }[] };
  lotId = detail.lots[0]?.id;
  if (lotId) break;
}

const observers: Observer[] = [];
const writers: Writer[] = [];
for (let d = 0; d < DOCUMENTS; d++) {
  const observer = new Observer();
  await observer.connect(collabUrl(d), { Cookie: cookies[d % cookies.length]!, Origin: base() });
  observers.push(observer);
}
for (let e = 0; e < EDITORS; e++) {
  const d = e % DOCUMENTS;
  const writer = new Writer(d * 1000 + e, true);
  await writer.connect(collabUrl(d), { Cookie: cookies[e % cookies.length]!, Origin: base() });
  writers.push(writer);
}
const views = ["workspace", "staffing", "governance", "tenders", "planning"];
const viewers = Array.from({ length: SSE_VIEWERS }, (_, i) => new SseViewer(base, cookies[i % cookies.length]!, views[i % views.length]!));
await Promise.all(viewers.map((v) => v.open()));

const period = 1000 / EDITS_PER_SECOND;
const timers = writers.map((w) => {
  const handle: { start?: NodeJS.Timeout; every?: NodeJS.Timeout } = {};
  handle.start = setTimeout(() => {
    w.edit();
    handle.every = setInterval(() => w.edit(), period);
  }, Math.random() * period);
  return handle;
});
let participating = false;
let toggleErrors = 0;
const toggles = setInterval(() => {
  if (!lotId) return;
  participating = !participating;
  api("lot.setParticipation", weert, { workspace: "limburg", municipalityId: weertId, lotId, participating }, "POST").catch(() => toggleErrors++);
}, 2000);
// Every 30 s a tenth of the SSE viewers leave and come back (tabs closed and opened).
let churn = 0;
const churner = setInterval(() => {
  for (let i = 0; i < Math.ceil(SSE_VIEWERS / 10); i++) void viewers[churn++ % SSE_VIEWERS]!.reopen();
}, 30_000);

const heap = () => {
  try {
    return JSON.parse(readFileSync(heapFile, "utf8")) as { heapUsed: number; rss: number };
  } catch {
    return { heapUsed: Number.NaN, rss: Number.NaN };
  }
};
const since = performance.now();
for (const o of observers) o.measuringSince = since;
const rssByMinute: number[] = [];
console.log("minute  RSS MiB  heap MiB  p50 ms  p99 ms  edits sent  SSE events  errors");
for (let minute = 1; minute <= MINUTES; minute++) {
  const latenciesBefore = observers.map((o) => o.latencies.length);
  await new Promise((r) => setTimeout(r, 60_000));
  const latencies = observers.flatMap((o, i) => o.latencies.slice(latenciesBefore[i]));
  for (const o of observers) o.latencies = []; // keep the load generator's own memory flat
  const s = summarise(latencies);
  const rss = rssMiB(server.process.pid!);
  rssByMinute.push(rss);
  const errors = writers.filter((w) => !w.open).length + observers.filter((o) => !o.open).length + viewers.reduce((n, v) => n + v.errors, 0) + toggleErrors;
  console.log(
    `${String(minute).padStart(6)}  ${fmt(rss, 0).padStart(7)}  ${fmt(heap().heapUsed / 2 ** 20, 0).padStart(8)}  ${fmt(s.p50).padStart(6)}  ${fmt(s.p99).padStart(6)}  ` +
      `${String(writers.reduce((n, w) => n + w.sent, 0)).padStart(10)}  ${String(viewers.reduce((n, v) => n + v.events, 0)).padStart(10)}  ${errors}`,
  );
}

clearInterval(toggles);
clearInterval(churner);
for (const t of timers) {
  clearTimeout(t.start);
  clearInterval(t.every);
}
// Every edit must reach the document's observer.
const deadline = Date.now() + 30_000;
const missing = () =>
  observers.reduce((n, o, d) => n + writers.filter((w) => w.index - d * 1000 >= 0 && w.index - d * 1000 < 1000).reduce((m, w) => m + w.sent, 0) - o.seen.size, 0);
while (missing() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
const lost = missing();
const finalMarkers = writers.map((w) => ({ document: Math.floor(w.index / 1000), marker: `|${w.index}:${w.sent - 1}:` }));
for (const w of writers) w.close();
for (const o of observers) o.close();
for (const v of viewers) v.close();

// Durability: restart the server on the same data and read every document back.
await server.stop("SIGTERM");
server = await startServerProcess(serverEnv, dataDir);
const reread = await login(base(), "weert@demo.regiotafel.nl");
let notStored = 0;
for (let d = 0; d < DOCUMENTS; d++) {
  const text = await readDocumentText(collabUrl(d), { Cookie: reread, Origin: base() });
  notStored += finalMarkers.filter((m) => m.document === d && !text.includes(m.marker)).length;
}
await server.stop("SIGTERM");
await rm(dataDir, { recursive: true, force: true });
await pg?.drop();

const minute2 = rssByMinute[Math.min(1, rssByMinute.length - 1)]!;
const end = rssByMinute.at(-1)!;
const growth = (end - minute2) / minute2;
console.log(`\nedits lost in propagation: ${lost}; last edits missing after restart: ${notStored}`);
console.log(`target RSS at the end within 10 % of minute 2 -> ${fmt(minute2, 0)} → ${fmt(end, 0)} MiB (${fmt(growth * 100)} %): ${Math.abs(growth) <= 0.1 ? "MET" : "NOT MET"}`);
console.log(`target 0 lost edits -> ${lost + notStored}: ${lost + notStored === 0 ? "MET" : "NOT MET"}`);
process.exit(0);
