// `pnpm regiotafel <command>`: commands an operator runs on the server. ADR 0021.
//   setup   creates the first platform administrator (or, with --add, another one)
import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { hashPassword } from "@regiotafel/auth";
import { createPlatformAdmin, grantPlatformAdmin, openDatabase } from "@regiotafel/db";
import { describeError, DomainError, emailSchema, issueMessage, platformOperations } from "@regiotafel/domain";
import { loadConfig } from "../config";

const USAGE = `Gebruik: pnpm regiotafel setup [--email adres] [--name naam] [--organisation organisatie] [--add]

Maakt een platformbeheerder aan in de database van DATABASE_URL (of de ingebouwde onder DATA_DIR;
stop de server dan eerst). Ontbrekende gegevens worden gevraagd; zonder terminal zijn --email,
--name en --organisation nodig en komt het wachtwoord uit REGIOTAFEL_SETUP_PASSWORD of de eerste
regel van stdin. Is er al een platformbeheerder, dan alleen met --add. Een bestaand account met
dit adres wordt platformbeheerder (zijn wachtwoord blijft).`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: "string" }, name: { type: "string" }, organisation: { type: "string" }, add: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] !== "setup" || positionals.length !== 1) throw new UsageError(positionals[0] ? `onbekende opdracht: ${positionals.join(" ")}` : "geef een opdracht");

  const config = loadConfig();
  const interactive = process.stdin.isTTY === true;
  const prompt = interactive ? createInterface({ input: process.stdin, output: process.stdout }) : null;
  const ask = async (label: string, given: string | undefined, flag: string) => {
    if (given !== undefined) return given;
    if (!prompt) throw new UsageError(`${flag} is nodig zonder terminal`);
    return prompt.question(`${label}: `);
  };

  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, maxConnections: 1 });
  try {
    if (!values.add && (await db.prisma.platformAdmin.count()) > 0) return refuse("setup.exists");
    const email = emailSchema.safeParse(await ask("E-mailadres", values.email, "--email"));
    if (!email.success) return invalid(email.error.issues);
    const granted = await grantPlatformAdmin(db.prisma, email.data);
    if (granted) {
      console.log(granted.already ? `${email.data} is al platformbeheerder.` : `Het bestaande account ${email.data} is nu platformbeheerder (zijn wachtwoord is niet veranderd).`);
      return 0;
    }
    const name = await ask("Naam", values.name, "--name");
    const organisation = await ask("Organisatie", values.organisation, "--organisation");
    prompt?.close();
    const password = await readPassword(interactive);
    const admin = platformOperations.newPlatformAdminSchema.safeParse({ name, email: email.data, organisation, password });
    if (!admin.success) return invalid(admin.error.issues);
    const passwordHash = await hashPassword(admin.data.password, config.passwordCost);
    try {
      await createPlatformAdmin(db.prisma, { cli: true, add: values.add }, { ...admin.data, passwordHash });
    } catch (error) {
      const { code, message } = describeError(error, "nl");
      if (code === "INTERNAL_SERVER_ERROR") throw error;
      console.error(message);
      return 1;
    }
    console.log(`Platformbeheerder ${admin.data.email} aangemaakt (${admin.data.organisation}). Log in op /login.`);
    return 0;
  } finally {
    prompt?.close();
    await db.close();
  }
}

function refuse(key: string): number {
  console.error(describeError(new DomainError("CONFLICT", key), "nl").message);
  return 1;
}

function invalid(issues: { message: string; path: PropertyKey[] }[]): number {
  for (const issue of issues) console.error(`${issue.path.join(".") || "invoer"}: ${issueMessage("nl", issue)}`);
  return 1;
}

/** REGIOTAFEL_SETUP_PASSWORD, else typed twice without echo (a terminal), else stdin's first line. */
async function readPassword(interactive: boolean): Promise<string> {
  const fromEnv = process.env.REGIOTAFEL_SETUP_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (!interactive) {
    let input = "";
    for await (const chunk of process.stdin) input += chunk;
    return input.split(/\r?\n/)[0] ?? "";
  }
  for (;;) {
    const first = await hiddenQuestion("Wachtwoord (minstens 12 tekens): ");
    const second = await hiddenQuestion("Wachtwoord herhalen: ");
    if (first === second) return first;
    console.error("De twee wachtwoorden zijn niet gelijk. Probeer het opnieuw.");
  }
}

async function hiddenQuestion(question: string): Promise<string> {
  process.stdout.write(question);
  let muted = true;
  const output = new Writable({ write: (chunk, _encoding, done) => (muted ? done() : process.stdout.write(chunk, done)) });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await rl.question("");
  } finally {
    muted = false;
    rl.close();
    process.stdout.write("\n");
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS")) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(`Regiotafel setup mislukt — ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
