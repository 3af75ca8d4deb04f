// Authoring aid: prints the SQL for a new migration, from prisma/schema.prisma as committed
// at a git ref (default HEAD; empty if it has none) to the schema in the working tree.
//   pnpm --filter @regiotafel/db exec tsx src/cli/diff.ts [ref] > prisma/migrations/NNNN_name/migration.sql
// The JS schema engine refuses --from-url and --from-migrations, so the diff is between two
// datamodels; it still needs a database to talk to, hence the throwaway embedded one.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../embedded";
import { findMigrationsDir } from "../migrations";

const ref = process.argv[2] ?? "HEAD";
const schema = path.join(findMigrationsDir(), "..", "schema.prisma");
let previous: string | undefined;
try {
  previous = execFileSync("git", ["show", `${ref}:prisma/schema.prisma`], {
    cwd: path.dirname(schema),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
} catch {
  previous = undefined;
}

const from = previous
  ? ["--from-schema-datamodel", writeTemp(previous)]
  : ["--from-empty"];
const pg = await startEmbeddedPostgres();
try {
  // Async on purpose: the embedded server lives on this process's event loop.
  const { stdout: sql } = await promisify(execFile)(
    "pnpm",
    ["exec", "prisma", "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"],
    { env: { ...process.env, DATABASE_URL: pg.url }, encoding: "utf8" },
  );
  process.stdout.write(sql);
} finally {
  await pg.stop();
}

function writeTemp(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "regiotafel-schema-")), "schema.prisma");
  writeFileSync(file, text);
  return file;
}
