import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAuth, createSecretBox, createSingleSignOn, type Auth, type SingleSignOn } from "@regiotafel/auth";
import { localSecretKey } from "./secret-key";
import { connectRedisTransport, type RedisTransport } from "@regiotafel/cluster";
import { CollabHub, SqlDocumentStorage, seedDemoDocuments } from "@regiotafel/collab";
import {
  connectEventBus,
  DEMO_PASSWORD,
  eventBus,
  loadMigrations,
  type MessageTransport,
  importDirectory,
  issueSetupToken,
  lockDemoAccounts,
  type ImportResult,
  openDatabase,
  seedDemoData,
  seedDemoRecords,
  seedDemoLibrary,
  unlockDemoAccounts,
  whileStarting,
  type Database,
} from "@regiotafel/db";
import { startMailService, type MailService } from "@regiotafel/mail";
import { startDigestScheduler, type DigestScheduler } from "./digest-scheduler";
import { attachCollab } from "./collab";
import type { Config } from "./config";
import { createHttpApp } from "./http";

export interface RunningServer {
  url: string;
  port: number;
  http: Server;
  database: Database;
  auth: Auth;
  /** Organisations' own sign-in (ADR 0035). */
  singleSignOn: SingleSignOn;
  hub: CollabHub;
  /**
   * How this instance reaches the others (REDIS_URL, ADR 0032/0033), or null: one process on
   * its own, as without REDIS_URL. Closed by `close()` just before the database.
   */
  transport: MessageTransport | null;
  /** The outbox worker: `mail.wake()` after committing a transaction that queued a mail (enqueueMail). */
  mail: MailService;
  /** The notification digest scheduler (ADR 0038): `check()` runs what is due now; null with DIGEST_CHECK_MINUTES=0. */
  digests: DigestScheduler | null;
  /** Closes live connections whose session has ended (runs every minute by itself). */
  checkCollabSessions(): Promise<void>;
  seeded: boolean;
  /** What the organisation directory import changed at this start (all zero when nothing did). */
  directory: ImportResult;
  /**
   * While the database has no account: this start's one-time setup token (ADR 0021), for the
   * link that creates the first platform administrator; any earlier one no longer works.
   */
  setupToken: string | null;
  /**
   * Drains (ADR 0033): /readyz answers 503 at once and, after `config.drainDelayMs`, live
   * connections close (clients reconnect, through the load balancer to another instance),
   * requests in progress finish, and the database is closed last.
   */
  close(): Promise<void>;
}

/** Opens the database (migrating it), seeds demo data where allowed, and starts listening. */
export async function startServer(config: Config): Promise<RunningServer> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    maxConnections: config.dbPoolSize,
    idleTimeoutMs: config.dbIdleMs,
  });
  // Seals client and two-factor secrets at rest (REGIOTAFEL_SECRET_KEY; ADR 0035).
  const secretBox = createSecretBox(config.secretKey ?? (await localSecretKey(config.dataDir)));
  const auth = createAuth({
    prisma: database.prisma,
    secretBox,
    secureCookies: true, // dropped only for http://localhost (request-context.ts)
    idleTimeoutMs: config.sessionIdleMs,
    absoluteLifetimeMs: config.sessionAbsoluteMs,
    passwordCost: config.passwordCost,
    hashConcurrency: config.passwordHashing.concurrency,
    hashQueue: config.passwordHashing.queue,
    // Demo accounts' passwords are published: a second factor would protect nothing there (issue 20).
    requireSecondFactorForPlatformAdmins: !config.demoData,
  });
  // Organisations' own sign-in (ADR 0035): their providers send the browser back to PUBLIC_URL/inloggen/sso.
  const singleSignOn = createSingleSignOn({
    prisma: database.prisma,
    secretBox,
    redirectUri: `${config.publicUrl}/inloggen/sso`,
    allowHttpIssuers: config.oidcAllowHttp,
  });
  // Instances started at once on one database seed it once; the others wait here (ADR 0033).
  const { directory, seeded, setupToken } = await whileStarting(database, async () => {
    // Reference data, also in production: the municipalities of the directory file (ADR 0020).
    const directory = await importDirectory(database.prisma);
    let seeded = false;
    if (config.demoData) {
      const demoHash = await auth.hashPassword(DEMO_PASSWORD);
      seeded = await seedDemoData(database.prisma, demoHash);
      await seedDemoDocuments(database.prisma);
      await seedDemoRecords(database.prisma);
      await seedDemoLibrary(database.prisma, demoHash);
      await unlockDemoAccounts(database.prisma, demoHash);
    } else {
      // The demo accounts' password is published: they sign in only in demo mode.
      await lockDemoAccounts(database.prisma);
    }
    // First run: no account at all (never with demo data). Only the token's hash is stored.
    const setupToken = await issueSetupToken(database.prisma);
    return { directory, seeded, setupToken };
  });
  const migrations = (await loadMigrations()).map((m) => m.name);

  // REDIS_URL: join the other instances. Without it nothing connects anywhere (one process).
  // The transport starts even while Redis is away (/readyz says so) and joins when it answers.
  const transport: RedisTransport | null = config.redisUrl ? await connectRedisTransport(config.redisUrl) : null;
  // Events published here reach the listeners of every instance, and theirs reach ours.
  const disconnectEvents = transport ? await connectEventBus(eventBus, transport) : () => undefined;
  let draining = false;

  const hub = new CollabHub({
    store: new SqlDocumentStorage(database.prisma),
    automaticVersionEveryMs: config.automaticVersionMinutes * 60_000,
    commitDelayMs: config.collabCommitMs,
    limits: config.collabLimits,
    // Co-editing across instances (ADR 0032): updates and presence go through Redis.
    transport,
  });
  // A role change or removal closes that member's live connections; they re-authorise.
  const stopListening = eventBus.subscribe((event) => {
    if (event.type === "membership.changed") hub.closeUser(event.userId, event.workspaceId);
    // Archived, reactivated or deleted (ADR 0022): everyone reconnects with the workspace's new state.
    if (event.type === "workspace.changed") hub.closeWorkspace(event.workspaceId);
  });

  const { app, close: closeUi } = await createHttpApp({
    config,
    prisma: database.prisma,
    auth,
    singleSignOn,
    collab: hub,
    transport,
    draining: () => draining,
    pingRedis: transport ? () => transport.ping() : null,
    migrations,
  });
  const http = createServer(app);
  const collab = attachCollab(http, { config, auth, prisma: database.prisma, hub, sessionCheckMs: config.live.sessionCheckMs, transport });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  // Sends what the outbox holds, including mails committed before a crash or restart.
  // Notification and digest mails carry paths; their links start at the site's address.
  const mail = startMailService(database.prisma, { ...config.mail, sender: { ...config.mail.sender, origin: config.publicUrl } });
  // A mail queued by a request of this process goes out now, not at the next poll.
  const stopMailWakeups = eventBus.subscribe((event) => {
    if (event.type === "mail.queued") mail.wake();
  });
  const cleanup = setInterval(() => void auth.deleteExpiredSessions().catch(() => undefined), 60 * 60_000);
  cleanup.unref();
  // Daily and weekly notification digests at 08:00 Europe/Amsterdam (ADR 0038); every instance checks, each user gets one.
  const digests = config.digestCheckMs > 0 ? startDigestScheduler({ prisma: database.prisma, intervalMs: config.digestCheckMs }) : null;

  return {
    url: `http://localhost:${port}`,
    port,
    http,
    database,
    auth,
    singleSignOn,
    hub,
    transport,
    mail,
    digests,
    checkCollabSessions: () => collab.checkSessions(),
    seeded,
    directory,
    setupToken,
    async close() {
      // /readyz answers 503 from now on; the load balancer needs a moment to notice.
      draining = true;
      if (config.drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.drainDelayMs));
      clearInterval(cleanup);
      await digests?.stop();
      stopListening();
      stopMailWakeups();
      // Store every pending edit and compact open documents before anything else stops.
      await hub.shutdown();
      await collab.close();
      await closeUi(); // ends the live streams, which would otherwise hold http.close()
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeIdleConnections();
      });
      // The mails in hand finish and their outcome is recorded; the rest wait in the outbox.
      await mail.stop();
      disconnectEvents();
      await transport?.close();
      await database.close();
    },
  };
}
