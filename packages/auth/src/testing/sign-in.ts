import type { TestOidcProvider } from "./oidc-provider";

const MAX_HOPS = 20;

/**
 * Plays the browser at a test provider: follows the authorization URL's redirects with cookies,
 * signs in as `accountId` on the provider's form, and returns the URL the provider finally
 * redirected to (the relying party's callback, with `code` and `state`), without requesting it.
 */
export function signInAt(provider: TestOidcProvider, authorizationUrl: string | URL, accountId: string): Promise<URL> {
  return walk(provider, authorizationUrl, { action: "login", login: accountId });
}

/** As `signInAt`, but presses "Deny": the callback URL then carries `error=access_denied`. */
export function denyAt(provider: TestOidcProvider, authorizationUrl: string | URL): Promise<URL> {
  return walk(provider, authorizationUrl, { action: "deny" });
}

async function walk(provider: TestOidcProvider, start: string | URL, answer: Record<string, string>): Promise<URL> {
  const origin = new URL(provider.url).origin;
  const cookies = new Map<string, string>();
  let url = new URL(start);
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    if (url.origin !== origin) return url;
    const response = await fetch(url, {
      method: body ? "POST" : "GET",
      body,
      redirect: "manual",
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; ") },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ""] = header.split(";");
      const separator = pair.indexOf("=");
      cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url);
      body = undefined;
      continue;
    }
    const text = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(text)?.[1];
    if (response.status !== 200 || !action || body) {
      throw new Error(`The test provider answered ${response.status} at ${url.pathname}: ${text.replace(/<[^>]+>/g, " ").trim().slice(0, 300)}`);
    }
    url = new URL(action.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))), url);
    body = new URLSearchParams(answer);
  }
  throw new Error(`The test provider redirected more than ${MAX_HOPS} times.`);
}
