import { emailSchema } from "./schemas";

// Invitations to a workspace (issue 17, point 4; ADR 0023): the rules that need no database.

/** Most addresses one invitation request may name. */
export const INVITATION_MAX_ADDRESSES = 50;
/** Most invitation mails (new invitations and resends) one workspace sends in an hour. */
export const INVITATIONS_PER_HOUR = 200;
/** How long an invitation's link works after it was (re)sent. */
export const INVITATION_VALID_DAYS = 7;
export const INVITATION_VALID_MS = INVITATION_VALID_DAYS * 24 * 60 * 60 * 1000;
/** The longest address list the form takes (50 addresses of 254 characters with separators, and room for names). */
export const INVITATION_LIST_MAX_LENGTH = 20_000;

export const INVITATION_STATES = ["PENDING", "ACCEPTED", "REVOKED", "EXPIRED"] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

/** What an invitation is now: accepted and revoked are final; otherwise pending until it expires. */
export function invitationState(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date = new Date()): InvitationState {
  if (invitation.acceptedAt) return "ACCEPTED";
  if (invitation.revokedAt) return "REVOKED";
  return invitation.expiresAt.getTime() > now.getTime() ? "PENDING" : "EXPIRED";
}

/** An entry of the list that is no address, as typed (trimmed, at most 80 characters shown). */
export interface RefusedAddress {
  entry: string;
  /** The message key: email.invalid or email.tooLong. */
  reason: string;
}

export interface AddressList {
  /** Every valid address, normalised (lower case), in the order typed, repeats included. */
  all: string[];
  /** Valid, normalised (lower case) addresses, each once, in the order first typed. */
  addresses: string[];
  /** Addresses typed more than once (normalised), each once. */
  duplicates: string[];
  refused: RefusedAddress[];
}

/** Where one entry of a list ends: commas, semicolons and line breaks (what mail programs and spreadsheets paste). */
const SEPARATORS = /[,;\r\n\u2028\u2029]+/;
/** "Anna de Vries <anna@weert.nl>", as mail programs copy an address: the part in angle brackets. */
const NAMED = /^[^<>]*<([^<>]*)>$/;

/**
 * Reads the addresses typed in one field: separated by commas, semicolons or line breaks, each
 * trimmed, empty entries skipped, "Name <address>" read as the address. Every address is checked
 * with the same schema as any e-mail field (and lower-cased by it); repeats are reported once and
 * kept once.
 */
export function parseAddressList(text: string): AddressList {
  const all: string[] = [];
  const addresses: string[] = [];
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const refused: RefusedAddress[] = [];
  for (const raw of text.split(SEPARATORS)) {
    const entry = raw.trim();
    if (entry === "") continue;
    const named = NAMED.exec(entry);
    const parsed = emailSchema.safeParse(named ? named[1] : entry);
    if (!parsed.success) {
      refused.push({ entry: entry.length > 80 ? `${entry.slice(0, 79)}…` : entry, reason: parsed.error.issues[0]?.message ?? "email.invalid" });
      continue;
    }
    all.push(parsed.data);
    if (seen.has(parsed.data)) duplicates.add(parsed.data);
    else {
      seen.add(parsed.data);
      addresses.push(parsed.data);
    }
  }
  return { all, addresses, duplicates: [...duplicates], refused };
}
