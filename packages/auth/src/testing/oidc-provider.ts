import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type ClientMetadata, type Configuration, type KoaContextWithOIDC } from "oidc-provider";

/**
 * A real OpenID provider (the certified `oidc-provider` package) for tests, on 127.0.0.1 over http.
 * Its sign-in page is a tiny form (an account id and "Sign in" or "Deny"), so a test's HTTP
 * client (`signInAt`) and a browser can both complete it; consent is granted with the sign-in.
 */

export interface TestOidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post";
}

/** An account's claims; the record's key is what the sign-in form's "Account" field takes. */
export interface TestAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  [claim: string]: unknown;
}

export interface TestOidcProviderOptions {
  clients: TestOidcClient[];
  accounts: Record<string, TestAccount>;
  /** How long its ID tokens live. Default 600. */
  idTokenTtlSeconds?: number;
  /** RP-initiated logout (an `end_session_endpoint`). Default true. */
  endSession?: boolean;
  /**
   * A dishonest provider, for refusal tests: these claims replace those of every ID token it
   * issues, which is then signed again with its own key (so only the claims are wrong).
   */
  tamperIdTokens?: Record<string, unknown>;
}

export interface TestOidcProvider {
  /** The issuer identifier, also the base URL: `http://127.0.0.1:<port>`. */
  issuer: string;
  url: string;
  port: number;
  close(): Promise<void>;
}

const ACCOUNT_FIELD = "login";

export async function startOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  // Listening first: the issuer needs the port.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const { privateKey, jwk } = signingKey();
  const provider = new Provider(issuer, configuration(options, jwk));
  if (options.tamperIdTokens) provider.use(tamperTokenResponses(options.tamperIdTokens, privateKey));
  const providerCallback = provider.callback();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", issuer);
    if (url.pathname.startsWith("/interaction/")) {
      interaction(provider, options.accounts, req, res).catch((error: unknown) => {
        if (!res.headersSent) page(res, 400, "Sign-in failed", `<p role="alert">${escapeHtml(String(error))}</p>`);
      });
    } else {
      providerCallback(req, res);
    }
  });

  return {
    issuer,
    url: issuer,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function configuration(options: TestOidcProviderOptions, jwk: Record<string, unknown>): Configuration {
  const extraClaims = new Set(Object.values(options.accounts).flatMap((account) => Object.keys(account)));
  for (const claim of ["sub", "email", "email_verified"]) extraClaims.delete(claim);
  return {
    clients: options.clients.map(clientMetadata),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: [...extraClaims] },
    // Claims in the ID token itself, as Entra ID does: the relying party reads no userinfo.
    conformIdTokenClaims: false,
    responseTypes: ["code"],
    pkce: { required: () => true },
    ttl: {
      IdToken: options.idTokenTtlSeconds ?? 600,
      AccessToken: 600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: options.endSession ?? true, logoutSource, postLogoutSuccessSource },
    },
    // The provider's account id is the subject; the sign-in form takes the record's key.
    findAccount: (_ctx, sub) => {
      const claims = Object.values(options.accounts).find((account) => account.sub === sub);
      return claims ? { accountId: sub, claims: () => ({ ...claims }) } : undefined;
    },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = html("Error", `<p role="alert">${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ""))}</p>`);
    },
  };
}

function clientMetadata(client: TestOidcClient): ClientMetadata {
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: client.tokenEndpointAuthMethod ?? "client_secret_basic",
  };
}

/** The sign-in page (GET) and its answer (POST): sign in as an account, or deny. */
async function interaction(provider: Provider, accounts: Record<string, TestAccount>, req: IncomingMessage, res: ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  const { params, prompt, uid } = details;
  const finish = async (accountId: string) => {
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId: String(params.client_id) }))
      : new provider.Grant({ accountId, clientId: String(params.client_id) });
    grant.addOIDCScope(String(params.scope ?? "openid"));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  };

  if (req.method === "GET") {
    if (prompt.name !== "login" && details.session?.accountId) return finish(details.session.accountId);
    return page(res, 200, "Sign in at the test provider", signInForm(uid, String(params.client_id)));
  }
  const form = new URLSearchParams(await readBody(req));
  if (form.get("action") === "deny") {
    const denied = { error: "access_denied", error_description: "The user denied the sign-in." };
    return provider.interactionFinished(req, res, denied, { mergeWithLastSubmission: false });
  }
  const account = accounts[form.get(ACCOUNT_FIELD)?.trim() ?? ""];
  if (!account) {
    return page(res, 200, "Sign in at the test provider", `<p role="alert">Unknown account.</p>${signInForm(uid, String(params.client_id))}`);
  }
  return finish(account.sub);
}

function signInForm(uid: string, clientId: string): string {
  return `<p>Signing in to ${escapeHtml(clientId)}.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label for="${ACCOUNT_FIELD}">Account</label>
<input id="${ACCOUNT_FIELD}" name="${ACCOUNT_FIELD}" autocomplete="username" autofocus>
<button type="submit" name="action" value="login">Sign in</button>
<button type="submit" name="action" value="deny">Deny</button>
</form>`;
}

async function logoutSource(ctx: KoaContextWithOIDC, form: string) {
  ctx.body = html("Sign out", `${form}<p>Sign out at the test provider?</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>`);
}

async function postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
  ctx.body = html("Signed out", "<p>You are signed out at the test provider.</p>");
}

function tamperTokenResponses(claims: Record<string, unknown>, privateKey: KeyObject) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (ctx.path === "/token" && ctx.status === 200 && typeof body?.id_token === "string") {
      ctx.body = { ...body, id_token: resign(body.id_token, claims, privateKey) };
    }
  };
}

function resign(jwt: string, claims: Record<string, unknown>, privateKey: KeyObject): string {
  const [header, payload] = jwt.split(".") as [string, string];
  const changed = { ...(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as object), ...claims };
  const signingInput = `${header}.${Buffer.from(JSON.stringify(changed)).toString("base64url")}`;
  return `${signingInput}.${sign("sha256", Buffer.from(signingInput), privateKey).toString("base64url")}`;
}

function signingKey(): { privateKey: KeyObject; jwk: Record<string, unknown> } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: randomBytes(8).toString("hex"), alg: "RS256", use: "sig" };
  return { privateKey, jwk };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function page(res: ServerResponse, status: number, title: string, body: string) {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.end(html(title, body));
}

function html(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
