import type { Db } from "@regiotafel/db";
import type { MailSender } from "./templates";
import { createLogTransport, createSmtpTransport, type MailTransport } from "./transport";
import { MailWorker, type MailWorkerOptions } from "./worker";

export { renderMail, type MailSender } from "./templates";
export { escapeHtml, type RenderedMail } from "./render";
export { mailTexts } from "./texts";
export { createLogTransport, createSmtpTransport, isPermanentFailure, describeSendError, messageId, SMTP_TIMEOUTS, type MailTransport, type OutgoingMail } from "./transport";
export { MailWorker, MAIL_WORKER_DEFAULTS, retryDelayMs, type MailWorkerOptions } from "./worker";
export { devMailbox, type MailboxEntry } from "./mailbox";

export interface MailSettings {
  /** smtp:// or smtps:// with the login in the URL; without it mails are only logged. */
  smtpUrl?: string;
  /** The From header. */
  from: string;
  sender?: MailSender;
  worker?: Omit<MailWorkerOptions, "prisma" | "transport" | "sender">;
  log?: (line: string) => void;
}

export interface MailService {
  /** "smtp" sends; "log" prints each mail once and keeps it for the development mailbox. */
  kind: MailTransport["kind"];
  worker: MailWorker;
  /** Send due mails now instead of at the next poll: call after committing a transaction that queued one. */
  wake(): void;
  stop(): Promise<void>;
}

/** The transport the settings ask for and the outbox worker, started. */
export function startMailService(prisma: Db, settings: MailSettings): MailService {
  const transport = settings.smtpUrl
    ? createSmtpTransport({ url: settings.smtpUrl, from: settings.from, connections: settings.worker?.concurrency ?? 4 })
    : createLogTransport(settings.log);
  const worker = new MailWorker({ ...settings.worker, prisma, transport, sender: settings.sender, log: settings.log });
  worker.start();
  return { kind: transport.kind, worker, wake: () => worker.wake(), stop: () => worker.stop() };
}
