import nodemailer from "nodemailer";
import type { Locale } from "@regiotafel/domain";

/** One rendered mail on its way out. */
export interface OutgoingMail {
  /** The outbox id; the Message-ID is `<id@domain of the sender>`. */
  id: string;
  to: string;
  locale: Locale;
  subject: string;
  text: string;
  html: string;
  /** Extra headers the template asks for (List-Unsubscribe, List-Unsubscribe-Post). */
  headers?: Record<string, string>;
}

/** Where mails go: an SMTP server, or the log when none is configured. */
export interface MailTransport {
  kind: "smtp" | "log";
  /** Resolves when the server accepted the mail; rejects with the server's or the connection's error. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface SmtpOptions {
  /** smtp://user:password@host:port or smtps://… (implicit TLS); user and password URL-encoded. */
  url: string;
  /** The From header, e.g. "Regiotafel <noreply@regiotafel.example>". */
  from: string;
  /** SMTP connections at once. */
  connections: number;
}

// Short enough that a stuck server cannot hold a mail past its lease (the worker's lease must
// exceed connection + greeting + socket timeout: ADR 0019).
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** The Message-ID of an outbox mail: its id at the sender's domain. */
export function messageId(id: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? "localhost";
  return `<${id}@${domain}>`;
}

export function createSmtpTransport(options: SmtpOptions): MailTransport {
  const url = new URL(options.url);
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new Error("SMTP_URL must start with smtp:// or smtps://");
  const secure = url.protocol === "smtps:";
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: options.connections,
    // The pool would send a mail again by itself when its connection closes mid-send, possibly
    // after the server accepted it; the outbox decides about every retry instead.
    maxRequeues: 0,
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    ...SMTP_TIMEOUTS,
  });
  return {
    kind: "smtp",
    async send(mail) {
      await transporter.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageId(mail.id, options.from),
        headers: { ...mail.headers, "Auto-Submitted": "auto-generated", "Content-Language": mail.locale },
      });
    },
    close: () => transporter.close(),
  };
}

/** Without SMTP_URL: each mail is printed to the log once (recipient, subject, text with its link). */
export function createLogTransport(log: (line: string) => void = console.log): MailTransport {
  return {
    kind: "log",
    async send(mail) {
      log(`e-mail (niet verzonden: geen SMTP_URL) aan ${mail.to} — ${mail.subject}\n${mail.text}`);
    },
    close: () => undefined,
  };
}

/**
 * Whether a failed send will never succeed: the server refused the envelope or the message with
 * a 5xx reply. Everything else — connection refused or lost, timeouts, 4xx replies, a failed
 * login (a setting to fix, not this mail's fault) — is worth another try later.
 */
export function isPermanentFailure(error: unknown): boolean {
  const e = error as { code?: unknown; responseCode?: unknown };
  return (e.code === "EENVELOPE" || e.code === "EMESSAGE") && typeof e.responseCode === "number" && e.responseCode >= 500 && e.responseCode < 600;
}

/** One line for the outbox's last_error. */
export function describeSendError(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown };
  const parts = [e.code, e.responseCode, typeof e.response === "string" ? e.response : e.message].filter((p) => p !== undefined && p !== "");
  return parts.map(String).join(" ").replace(/\s+/g, " ").slice(0, 2000) || "unknown error";
}
