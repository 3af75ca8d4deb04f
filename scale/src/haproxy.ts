import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@regiotafel/server/testing";

/** deploy/haproxy.cfg: the configuration a deployment uses, not a copy for the tests. */
export const HAPROXY_CONFIG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../deploy/haproxy.cfg");

export interface Haproxy {
  /** http://localhost:<port>: what clients use (a host name the instances allow). */
  url: string;
  port: number;
  output(): string;
  /** HAProxy's view of each checked server (app1, app2, …): "UP", "DOWN", "MAINT", "UP 1/2", … */
  serverStates(): Promise<Record<string, string>>;
  /** Waits until HAProxy's health checks have server `name` in `state` ("UP" or "DOWN"). */
  waitServer(name: string, state: "UP" | "DOWN", timeoutMs?: number): Promise<void>;
  /** A command for the runtime API (e.g. "set server instances/app1 state drain"). */
  command(line: string): Promise<string>;
  stop(): Promise<void>;
}

export function haproxyBinary(): string {
  for (const dir of (process.env.PATH ?? "").split(":").concat(["/usr/sbin", "/usr/local/sbin"])) {
    const candidate = path.join(dir, "haproxy");
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error("haproxy not found: install Debian's haproxy (apt-get install haproxy; .ci/run does)");
}

/**
 * HAProxy with deploy/haproxy.cfg in the foreground on a free loopback port, balancing over
 * `servers` (host:port, as REGIOTAFEL_SERVER_1…), with the runtime API on a socket of its own
 * and "X-Served-By" on answers, so tests can see which instance answered.
 */
export async function startHaproxy(servers: string[]): Promise<Haproxy> {
  if (servers.length < 1 || servers.length > 8) throw new Error("deploy/haproxy.cfg has slots for 1–8 servers");
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), "regiotafel-haproxy-"));
  const socket = path.join(dir, "admin.sock");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    REGIOTAFEL_BIND: `127.0.0.1:${port}`,
    REGIOTAFEL_STATS_SOCKET: socket,
    REGIOTAFEL_SERVED_BY: "1",
  };
  servers.forEach((server, i) => (env[`REGIOTAFEL_SERVER_${i + 1}`] = server));
  let log = "";
  const child: ChildProcess = spawn(haproxyBinary(), ["-db", "-f", HAPROXY_CONFIG], { env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk) => (log += chunk));
  child.stderr!.on("data", (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const command = (line: string) =>
    new Promise<string>((resolve, reject) => {
      const client = connect(socket);
      let answer = "";
      client.on("data", (chunk) => (answer += chunk));
      client.on("end", () => resolve(answer));
      client.on("error", reject);
      client.end(`${line}\n`);
    });

  const serverStates = async () => {
    const csv = await command("show stat");
    const [header, ...rows] = csv.trim().split("\n");
    const columns = header!.replace(/^# /, "").split(",");
    const [px, sv, status, backup] = ["pxname", "svname", "status", "bck"].map((c) => columns.indexOf(c));
    const states: Record<string, string> = {};
    for (const row of rows) {
      const cells = row.split(",");
      // The checked servers; not the unchecked fail-open backups (app1-failopen, …).
      if (cells[px!] === "instances" && cells[sv!] !== "BACKEND" && cells[backup!] === "0") states[cells[sv!]!] = cells[status!]!;
    }
    return states;
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited:\n${log}`);
    if (existsSync(socket) && (await command("show info").catch(() => "")).includes("Name: HAProxy")) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`haproxy did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    url: `http://localhost:${port}`,
    port,
    output: () => log,
    serverStates,
    command,
    async waitServer(name, state, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const current = (await serverStates())[name];
        // "UP 1/2" / "DOWN 1/2" are transitions: only the settled state counts.
        if (current === state) return;
        if (Date.now() > end) throw new Error(`haproxy: ${name} is ${current}, expected ${state}\n${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
