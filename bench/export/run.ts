// Time and size of the Limburg demo workspace's export (ADR 0025), and of importing it again.
// A fresh in-memory PGlite with the demo data; prints the figures. `pnpm --filter @regiotafel/bench export`
// (RUNS=3 by default; EXTRA_EVENTS=N adds N audit events to Limburg first, to see the export grow).
import { performance } from "node:perf_hooks";
import { openDatabase } from "@regiotafel/db";
import { importWorkspaceArchive, storedState, workspaceArchive } from "@regiotafel/archive";
import { seedDemo, importer } from "@regiotafel/archive/testing";

const runs = Number(process.env.RUNS ?? 3);
const extraEvents = Number(process.env.EXTRA_EVENTS ?? 0);

const db = await openDatabase({});
try {
  const limburg = await seedDemo(db.prisma);
  if (extraEvents > 0) {
    const actor = await db.prisma.membership.findFirstOrThrow({ where: { workspaceId: limburg } });
    for (let i = 0; i < extraEvents; i += 1000) {
      await db.prisma.auditEvent.createMany({
        data: Array.from({ length: Math.min(1000, extraEvents - i) }, (_, j) => ({ workspaceId: limburg, actorId: actor.userId, action: "bench.event", entityType: "bench", entityId: String(i + j), after: { n: i + j } })),
      });
    }
  }
  let zip = Buffer.alloc(0);
  const times: number[] = [];
  let peakRss = process.memoryUsage().rss;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of workspaceArchive(db.prisma, limburg, { currentState: (id) => storedState(db.prisma, id), origin: "http://bench" })) {
      chunks.push(chunk as Buffer);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    times.push(performance.now() - start);
    zip = Buffer.concat(chunks);
  }
  const start = performance.now();
  const result = await importWorkspaceArchive(db.prisma, new Blob([zip]), { actorId: await importer(db.prisma) });
  const importMs = performance.now() - start;
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    JSON.stringify(
      {
        workspace: "limburg",
        extraEvents,
        runs,
        exportMsMedian: Math.round(sorted[Math.floor(sorted.length / 2)]!),
        exportMsMin: Math.round(sorted[0]!),
        zipBytes: zip.length,
        peakRssMb: Math.round(peakRss / 1024 / 1024),
        importMs: Math.round(importMs),
        importedAs: result.slug,
      },
      null,
      2,
    ),
  );
} finally {
  await db.close();
}
