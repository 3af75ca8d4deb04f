import type { Db } from "@regiotafel/db";
import { hashToken } from "../session-adapter";

/** How long a sign-in at a provider may take before its state is refused. */
export const LOGIN_STATE_TTL_MS = 10 * 60_000;

export interface LoginState {
  connectionId: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string | null;
}

/** Stores a sign-in in progress under the SHA-256 of its `state`; sweeps expired ones on the way. */
export async function saveLoginState(prisma: Db, state: string, login: LoginState, now: Date): Promise<void> {
  await prisma.oidcLoginState.deleteMany({ where: { expiresAt: { lt: now } } });
  await prisma.oidcLoginState.create({
    data: { stateHash: hashToken(state), ...login, expiresAt: new Date(now.getTime() + LOGIN_STATE_TTL_MS) },
  });
}

/**
 * Takes the sign-in for `state` out of the store: whatever follows, it cannot be used twice.
 * Null when unknown, already taken (a replay, or a second tab racing this one) or expired.
 */
export async function takeLoginState(prisma: Db, state: string, now: Date): Promise<LoginState | null> {
  const stateHash = hashToken(state);
  const row = await prisma.oidcLoginState.findUnique({ where: { stateHash } });
  if (!row) return null;
  const { count } = await prisma.oidcLoginState.deleteMany({ where: { stateHash } });
  if (count === 0 || row.expiresAt <= now) return null;
  return { connectionId: row.connectionId, nonce: row.nonce, codeVerifier: row.codeVerifier, returnTo: row.returnTo };
}
