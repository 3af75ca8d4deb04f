import type { Config } from "./config";

/**
 * The first-run setup link (ADR 0021). In production the site is reached under its first
 * ALLOWED_HOSTS name over https (behind the proxy); elsewhere at the server's own address.
 */
export function setupLink(config: Pick<Config, "production" | "allowedHosts">, serverUrl: string, token: string): string {
  const [publicHost] = config.production ? [...config.allowedHosts] : [];
  return `${publicHost ? `https://${publicHost}` : serverUrl}/setup/${token}`;
}

/** The one log line that carries the token: nothing else ever prints it. */
export function setupLogLine(link: string): string {
  return `Eerste start: er is nog geen account. Maak de eerste platformbeheerder aan via ${link} — deze link werkt één keer, tot er een account is, en na een herstart geldt een nieuwe. Of op de server: pnpm regiotafel setup`;
}
