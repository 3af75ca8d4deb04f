import { describe, expect, it } from "vitest";
import pg from "pg";
import { openDatabase } from "./database";
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

  it("prepares a named statement again on a new connection, also when the old one's session lives on (PGlite)", async () => {
    const db = await createTestDatabase();
    try {
      const prepared = () => db.prisma.$sql<{ n: number }>("SELECT $1::int + 1 AS n", [41], { prepare: "client_test_add" });
      expect((await prepared())[0]?.n).toBe(42);
      // End the pooled connection, as an idle timeout or a broken socket does.
      const client = await db.prisma.$pool.connect();
      client.release(new Error("dropped by the test"));
      expect(db.prisma.$pool.totalCount).toBe(0);
      expect((await prepared())[0]?.n).toBe(42);
      // A refused statement keeps the connection; the prepared one still runs on it.
      await expect(db.prisma.$sql("SELECT 1/0", [], { prepare: "client_test_fail" })).rejects.toThrow(/division by zero/);
      expect((await prepared())[0]?.n).toBe(42);
    } finally {
      await db.close();
    }
  });

  it("runs a prepared statement again after it failed once, on the same connection", async () => {
    const db = await createTestDatabase();
    try {
      const divide = (by: number) => db.prisma.$sql<{ n: number }>("SELECT 6 / $1::int AS n", [by], { prepare: "client_test_divide" });
      await expect(divide(0)).rejects.toThrow(/division by zero/);
      expect((await divide(2))[0]?.n).toBe(3);
      const missing = () => db.prisma.$sql("SELECT x FROM client_test_later WHERE x = $1", [1], { prepare: "client_test_later" });
      await expect(missing()).rejects.toThrow(/client_test_later/);
      await expect(missing()).rejects.toThrow(/client_test_later/);
      await db.prisma.$executeRawUnsafe("CREATE TABLE client_test_later (x int)");
      expect(await missing()).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it("keeps the embedded database's one connection open however long it idles", async () => {
    const db = await openDatabase({});
    try {
      expect(db.prisma.$pool.options.idleTimeoutMillis).toBe(0);
      expect(db.prisma.$pool.options.max).toBe(1);
    } finally {
      await db.close();
    }
  });
});
