import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAt, startOidcProvider, type TestOidcProvider } from "./index";

const REDIRECT_URI = "https://rp.test/callback";
let op: TestOidcProvider;

beforeAll(async () => {
  op = await startOidcProvider({
    clients: [{ clientId: "app", clientSecret: "secret", redirectUris: [REDIRECT_URI] }],
    accounts: { anna: { sub: "anna-1", email: "anna@weert.nl", email_verified: true, name: "Anna" } },
  });
});
afterAll(() => op.close());

function authorizationUrl(extra: Record<string, string> = {}): URL {
  const url = new URL("/auth", op.url);
  const params = {
    client_id: "app",
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid email profile",
    state: "state-1",
    nonce: "nonce-1",
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
    ...extra,
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url;
}

describe("the test OpenID provider", () => {
  it("announces the code flow with PKCE, the iss parameter and sign-out, on 127.0.0.1", async () => {
    expect(op.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const metadata = (await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: op.issuer,
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
      authorization_response_iss_parameter_supported: true,
      end_session_endpoint: `${op.issuer}/session/end`,
    });
  });

  it("shows a sign-in form with a labelled account field, Sign in and Deny", async () => {
    const first = await fetch(authorizationUrl(), { redirect: "manual" });
    const page = await fetch(new URL(first.headers.get("location")!, op.url), {
      headers: { cookie: first.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") },
    });
    const html = await page.text();
    expect(html).toMatch(/<label for="login">Account<\/label>\s*<input id="login" name="login"/);
    expect(html).toContain('<button type="submit" name="action" value="login">Sign in</button>');
    expect(html).toContain('<button type="submit" name="action" value="deny">Deny</button>');
  });

  it("redirects to the client's callback with a code, the state and its issuer", async () => {
    const callback = await signInAt(op, authorizationUrl(), "anna");
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("state")).toBe("state-1");
    expect(callback.searchParams.get("iss")).toBe(op.issuer);
    expect(callback.searchParams.get("code")).toBeTruthy();
  });

  it("requires PKCE", async () => {
    const url = authorizationUrl();
    url.searchParams.delete("code_challenge");
    url.searchParams.delete("code_challenge_method");
    const callback = await signInAt(op, url, "anna");
    expect(callback.searchParams.get("error")).toBe("invalid_request");
  });

  it("does not sign in an unknown account", async () => {
    await expect(signInAt(op, authorizationUrl(), "nobody")).rejects.toThrow(/Unknown account/);
  });

  it("stops listening when closed", async () => {
    const other = await startOidcProvider({ clients: [], accounts: {} });
    await other.close();
    await expect(fetch(`${other.issuer}/.well-known/openid-configuration`)).rejects.toThrow(/fetch failed/);
  });
});
