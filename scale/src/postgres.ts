import { spawn, execFile } from "node:child_process";
import { chown, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createScratchDatabase } from "@regiotafel/db/testing";
import { freePort } from "@regiotafel/server/testing";

const run = promisify(execFile);

/** A PostgreSQL server the suite creates its databases on. */
export interface PostgresServer {
  /** postgres://…/postgres: the server's maintenance database. */
  url: string;
  /** A fresh, empty database for one suite; `drop()` removes it. */
  createDatabase(prefix?: string): Promise<{ url: string; drop(): Promise<void> }>;
  stop(): Promise<void>;
}

/**
 * TEST_DATABASE_URL's server when it is set (as in CI's second pass), otherwise a temporary
 * cluster of Debian's PostgreSQL binaries (/usr/lib/postgresql/<version>/bin) on a free port,
 * without fsync, removed by `stop()`. As root it runs as the postgres user, like .ci/run.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, createDatabase: (prefix = "regiotafel_scale") => createScratchDatabase(given, prefix), stop: async () => undefined };

  const bin = await postgresBin();
  const dir = await mkdtemp(path.join(tmpdir(), "regiotafel-scale-pg-"));
  const asRoot = process.getuid?.() === 0;
  const runAs = (command: string, args: string[]) => (asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args]) as [string, string[]];
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = path.join(dir, "data");
  await run(...runAs(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]));
  const port = await freePort();
  const [command, args] = runAs(path.join(bin, "pg_ctl"), [
    "-D",
    data,
    "-l",
    path.join(dir, "log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    "start",
  ]);
  await run(command, args);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    createDatabase: (prefix = "regiotafel_scale") => createScratchDatabase(url, prefix),
    async stop() {
      const [stopCommand, stopArgs] = runAs(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      await new Promise<void>((resolve) => spawn(stopCommand, stopArgs, { stdio: "ignore" }).once("exit", () => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresBin(): Promise<string> {
  const root = "/usr/lib/postgresql";
  const versions = (await readdir(root).catch(() => [] as string[])).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error(`no PostgreSQL under ${root}: install Debian's postgresql (apt-get install postgresql), or set TEST_DATABASE_URL`);
  return path.join(root, versions[0]!, "bin");
}
