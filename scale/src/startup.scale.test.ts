// Start and stop safely (issue 19, point 6): instances started at the same moment on an empty
// database migrate and seed it once (the others wait for the startup lock), and a rolling
// restart (SIGTERM, drain, start again; one instance after the other) behind HAProxy fails no
// request and loses no edit acknowledged as saved.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { startCluster, type Cluster } from "./cluster";
import { connectEditor } from "./editor";
import { login, newDocument, servedBy } from "./http";

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

let cluster: Cluster | undefined;
afterAll(async () => {
  await cluster?.dispose();
});

describe("instances started at once on an empty database", () => {
  it("all three come up; the migrations and the demo seed ran exactly once", async () => {
    cluster = await startCluster({ instances: 3, simultaneous: true });
    expect(await cluster.proxy.serverStates()).toEqual({ app1: "UP", app2: "UP", app3: "UP" });
    for (const instance of cluster.instances) {
      const ready = await fetch(`${instance.url}/readyz`);
      expect(ready.status).toBe(200);
    }

    const migrations = (await readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).length;
    const { rows: applied } = await cluster.db.query<{ name: string }>("SELECT name FROM _regiotafel_migrations");
    expect(applied).toHaveLength(migrations);
    // One instance seeded; the others found the demo data there.
    const seeders = cluster.instances.filter((i) => i.output().includes("demo-werkruimtes zojuist aangemaakt"));
    expect(seeders).toHaveLength(1);
    for (const [table, key] of [
      ["document", "workspace_id, title"],
      ["tender", "workspace_id, title"],
      ["membership", "workspace_id, user_id"],
    ] as const) {
      const { rows } = await cluster.db.query(`SELECT ${key}, count(*) FROM ${table} GROUP BY ${key} HAVING count(*) > 1`);
      expect(rows, `${table} rows seeded twice`).toEqual([]);
    }
    // Every instance serves the seeded accounts.
    for (const instance of cluster.instances) expect(await login(instance.url, "weert@demo.regiotafel.nl")).toMatch(/^regiotafel_session=/);
  });
});

describe("a rolling restart behind HAProxy", () => {
  it("SIGTERM, drain and start again, one instance after the other: no request fails, no saved edit is lost", async () => {
    // The first test's cluster, or (when the simultaneous start failed) one started in turn.
    const c = (cluster ??= await startCluster({ instances: 3, simultaneous: false }));
    const cookie = await login(c.url, "weert@demo.regiotafel.nl");
    const documentId = await newDocument(c.url, "Tijdens de herstart");
    const editor = connectEditor(c.url, documentId, cookie);
    await editor.waitSynced();

    // Traffic through HAProxy for the whole restart: page loads, one after the other.
    const failures: string[] = [];
    const answeredBy = new Set<string>();
    let requests = 0;
    let running = true;
    const traffic = (async () => {
      while (running) {
        try {
          const res = await fetch(`${c.url}/w/limburg`, { redirect: "manual", headers: { Cookie: cookie } });
          await res.body?.cancel();
          requests++;
          answeredBy.add(servedBy(res));
          if (res.status !== 200) failures.push(`HTTP ${res.status} from ${servedBy(res)}`);
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    })();

    const saved: string[] = [];
    try {
      for (let i = 0; i < c.instances.length; i++) {
        const line = `Voor herstart ${i + 1}.`;
        editor.type(line);
        await editor.waitSaved();
        saved.push(line);
        await c.stop(i, { signal: "SIGTERM" });
        // The editor reconnects through HAProxy to an instance still running, and goes on.
        const after = `Na herstart ${i + 1}.`;
        editor.type(after);
        await editor.waitSaved(30_000);
        saved.push(after);
        await c.start(i);
      }
    } finally {
      running = false;
      await traffic;
      editor.destroy();
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(0);
    expect(answeredBy).toEqual(new Set(["app1", "app2", "app3"]));

    // Every saved line is in storage: a new editor on each instance loads them all.
    for (const instance of c.instances) {
      const reader = connectEditor(instance.url, documentId, cookie);
      try {
        await reader.waitFor(() => saved.every((line) => reader.text().includes(line)), () => `every saved line on ${instance.name}: ${reader.text()}`);
      } finally {
        reader.destroy();
      }
    }
  });
});
