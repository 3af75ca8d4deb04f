// bench/mail: 10,000 mails queued in the outbox, drained by the real server process to an SMTP
// server on loopback in a process of its own (smtp-server), while bench/api's overview request runs at
// 8 connections. Prints mails/s while draining, and the overview's p99 during the drain against
// the same server and load with an empty outbox, measured in the same run. Targets: >= 100
// mails/s, p99 within 1.2x. The mails are queued while the server is stopped (with the embedded
// PGlite only one process can open its data folder), so the drain also shows the outbox being
// picked up at start.
//   pnpm --filter @regiotafel/bench mail     (BENCH_SECONDS=10, BENCH_MAILS=10000, BENCH_TARGETS=pglite,postgres)
import { rm } from "node:fs/promises";
import { enqueueMail, openDatabase, type Db } from "@regiotafel/db";
import { fork, type ChildProcess } from "node:child_process";
import { createPostgresDatabase, postgresServerUrl, tempDir } from "../lib/databases";
import { closedLoop, login, type LoadResult } from "../lib/load";
import { startBenchServer } from "../lib/server-process";
import { fmt } from "../lib/stats";
import type { ChildMessage, ParentMessage } from "./smtp-child";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MAILS = Number(process.env.BENCH_MAILS ?? 10_000);
const CONNECTIONS = 8;
const PATH = `/api/trpc/workspace.overview?input=${encodeURIComponent(JSON.stringify({ workspace: "limburg" }))}`;
const USERS = ["weert", "nederweert", "leudal", "venlo", "roermond", "coordinator.west", "admin", "horst-aan-de-maas"].map((u) => `${u}@demo.regiotafel.nl`);

async function overviewLoad(env: Record<string, string>): Promise<{ load: LoadResult; started: number; ended: number }> {
  const server = await startBenchServer({ NODE_ENV: "test", DEMO_DATA: "1", ...env });
  try {
    const cookies: string[] = [];
    for (const email of USERS) cookies.push(await login(server.url, email));
    const started = Date.now();
    const load = await closedLoop(server.url, PATH, cookies, CONNECTIONS, SECONDS);
    return { load, started, ended: Date.now() };
  } finally {
    await server.stop();
  }
}

async function queueMails(prisma: Db): Promise<void> {
  for (let first = 0; first < MAILS; first += 500) {
    await prisma.$transaction(async (tx) => {
      for (let i = first; i < Math.min(MAILS, first + 500); i++) {
        await enqueueMail(tx, {
          key: `bench:${i}`,
          to: `ontvanger${i}@example.org`,
          locale: i % 3 === 0 ? "en" : "nl",
          template: "invitation",
          params: {
            inviterName: "Anna de Vries",
            organisation: "Gemeente Venlo",
            workspace: "Limburg",
            role: "EDITOR",
            link: `https://regiotafel.example/uitnodiging/${i}`,
            expiresAt: "2026-12-14T12:00:00Z",
          },
        });
      }
    }, { timeout: 120_000 });
  }
}

/** The SMTP server's process: its URL, and the arrival times (epoch ms) of the mails it accepted. */
interface SmtpProcess {
  url: string;
  reset(): void;
  arrivals(): Promise<number[]>;
  close(): void;
}

async function startSmtpProcess(): Promise<SmtpProcess> {
  const child: ChildProcess = fork(new URL("./smtp-child.ts", import.meta.url));
  const waiting: ((m: ChildMessage) => void)[] = [];
  child.on("message", (m: ChildMessage) => waiting.shift()?.(m));
  child.on("exit", (code) => {
    if (code !== 0) console.error(`bench/mail: the SMTP process exited (${code})`);
  });
  const next = () => new Promise<ChildMessage>((resolve) => waiting.push(resolve));
  const ready = await next();
  if (ready.kind !== "ready") throw new Error("the SMTP process did not start");
  const tell = (message: ParentMessage) => child.send(message);
  return {
    url: ready.url,
    reset: () => tell({ kind: "reset" }),
    async arrivals() {
      const answer = next();
      tell({ kind: "arrivals" });
      const m = await answer;
      return m.kind === "arrivals" ? m.arrivals : [];
    },
    close: () => tell({ kind: "close" }),
  };
}

async function measure(label: string, smtp: SmtpProcess, env: Record<string, string>, openOutbox: () => Promise<{ prisma: Db; close(): Promise<void> }>) {
  const serverEnv = { ...env, SMTP_URL: smtp.url, MAIL_FROM: "Regiotafel <noreply@regiotafel.example>" };
  // Seeds the demo workspace on first start; an empty outbox.
  const baseline = await overviewLoad(serverEnv);
  console.log(`${label.padEnd(10)} without mail   ${fmt(baseline.load.rps, 0).padStart(6)} req/s  p50 ${fmt(baseline.load.p50).padStart(6)} ms  p99 ${fmt(baseline.load.p99).padStart(6)} ms  errors ${baseline.load.errors}`);

  const outbox = await openOutbox();
  const queuedAt = performance.now();
  try {
    await queueMails(outbox.prisma);
  } finally {
    await outbox.close();
  }
  console.log(`${label.padEnd(10)} queued ${MAILS} mails in ${fmt((performance.now() - queuedAt) / 1000)} s (500 per transaction)`);

  smtp.reset();
  const drain = await overviewLoadWhileDraining(serverEnv, smtp);
  const arrivals = await smtp.arrivals();
  const seconds = (arrivals.at(-1)! - arrivals[0]!) / 1000;
  const inWindow = arrivals.filter((t) => t >= drain.started && t <= drain.ended).length;
  const ratio = drain.load.p99 / baseline.load.p99;
  console.log(`${label.padEnd(10)} while draining ${fmt(drain.load.rps, 0).padStart(6)} req/s  p50 ${fmt(drain.load.p50).padStart(6)} ms  p99 ${fmt(drain.load.p99).padStart(6)} ms  errors ${drain.load.errors}`);
  console.log(
    `${label.padEnd(10)} drained ${arrivals.length} mails in ${fmt(seconds)} s: ${fmt(arrivals.length / seconds, 0)} mails/s (${inWindow} of them during the measured load, ${fmt(inWindow / ((drain.ended - drain.started) / 1000), 0)} mails/s)`,
  );
  const mailsOk = arrivals.length / seconds >= 100;
  console.log(
    `target ${label}: >= 100 mails/s -> ${fmt(arrivals.length / seconds, 0)}: ${mailsOk ? "MET" : "NOT MET"}; p99 within 1.2x -> ${fmt(drain.load.p99)} / ${fmt(baseline.load.p99)} ms = ${fmt(ratio, 2)}x: ${ratio <= 1.2 ? "MET" : "NOT MET"}`,
  );
}

/** The server starts with the full outbox and drains it; the load runs once the users are signed in. */
async function overviewLoadWhileDraining(env: Record<string, string>, smtp: SmtpProcess) {
  const result = await overviewLoad(env);
  // The server stopped after the load; a drain it did not finish is picked up by a last start.
  if ((await smtp.arrivals()).length < MAILS) {
    const server = await startBenchServer({ NODE_ENV: "test", DEMO_DATA: "1", ...env });
    try {
      const deadline = Date.now() + 10 * 60_000;
      while ((await smtp.arrivals()).length < MAILS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    } finally {
      await server.stop();
    }
  }
  return result;
}

const TARGETS = (process.env.BENCH_TARGETS ?? "pglite,postgres").split(",");
const smtp = await startSmtpProcess();
console.log(`bench/mail: ${MAILS} mails, overview at ${CONNECTIONS} connections for ${SECONDS}s, server in its own process`);
try {
  if (TARGETS.includes("pglite")) {
    const dataDir = await tempDir("regiotafel-bench-mail-");
    try {
      await measure("PGlite", smtp, { DATA_DIR: dataDir }, async () => {
        const db = await openDatabase({ dataDir });
        return { prisma: db.prisma, close: () => db.close() };
      });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  const pgServer = TARGETS.includes("postgres") ? postgresServerUrl() : undefined;
  if (!pgServer) {
    console.log("PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://… to measure it)");
  } else {
    const scratch = await createPostgresDatabase(pgServer, "regiotafel_bench_mail");
    try {
      await measure("PostgreSQL", smtp, { DATABASE_URL: scratch.url }, async () => {
        const db = await openDatabase({ url: scratch.url });
        return { prisma: db.prisma, close: () => db.close() };
      });
    } finally {
      await scratch.drop();
    }
  }
} finally {
  smtp.close();
}
