import { describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase } from "./testing";

describe("database client", () => {
  it("does not crash when an idle connection errors (an unhandled pool error would throw)", async () => {
    const db = await createTestDatabase();
    try {
      expect(() => db.prisma.$pool.emit("error", new Error("server closed the connection unexpectedly"))).not.toThrow();
      expect((await db.prisma.$sql<{ one: number }>("SELECT 1 AS one"))[0]?.one).toBe(1);
    } finally {
      await db.close();
    }
  });

  it("replaces a connection the PostgreSQL server terminated", async () => {
    const db = await createTestDatabase();
    try {
      const [row] = await db.prisma.$sql<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      if (db.kind === "postgres") {
        const admin = new pg.Client({ connectionString: db.url });
        await admin.connect();
        await admin.query("SELECT pg_terminate_backend($1)", [row!.pid]);
        await admin.end();
        await new Promise((r) => setTimeout(r, 200));
      }
      expect((await db.prisma.$sql<{ one: number }>("SELECT 1 AS one"))[0]?.one).toBe(1);
    } finally {
      await db.close();
    }
  });
});
