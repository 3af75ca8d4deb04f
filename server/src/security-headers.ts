import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";
import type { Site } from "./site";

/**
 * TipTap's base stylesheet, which the editor inserts as a <style> element (`injectCSS`):
 * sha256 of the `style` text in @tiptap/core 3.31.3 (pinned in pnpm-workspace.yaml). Another
 * TipTap version with other CSS shows up as a CSP violation in the browser tests; Chromium's
 * message names the new hash.
 */
export const TIPTAP_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='";

/** One year, the usual HSTS lifetime; sent only over https (browsers ignore it on http). */
export const HSTS = "max-age=31536000; includeSubDomains";

/** What every response gets, the API's included: static and cheap (ADR 0011). */
export function baseHeaders(site: Site, res: Response) {
  res.setHeader("X-Content-Type-Options", "nosniff");
  if (site.protocol === "https") res.setHeader("Strict-Transport-Security", HSTS);
}

/** API answers carry user data and are never rendered: not stored, never framed, nothing runs. */
export function apiHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  next();
}

/**
 * The pages' headers (helmet), with a Content-Security-Policy whose script nonce is new for
 * every response (`res.locals.cspNonce`, handed to Remix's <Scripts> and <ScrollRestoration>
 * through the load context). ADR 0015 explains every directive.
 */
export function pageHeaders(options: { viteDev: boolean }) {
  const secure = helmetFor(options.viteDev, true);
  const plain = helmetFor(options.viteDev, false);
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    const site = res.locals.site as Site;
    (site.protocol === "https" ? secure : plain)(req, res, next);
  };
}

const nonce = (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals.cspNonce as string}'`;

function helmetFor(viteDev: boolean, https: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        // Remix's inline scripts (context, route modules, single-fetch data, scroll restoration)
        // carry the nonce; everything else is a module from /assets.
        "script-src": ["'self'", nonce],
        "script-src-attr": ["'none'"],
        // Stylesheets come from /assets, plus TipTap's own <style> by its hash. Style *attributes*
        // are allowed: the server renders bar widths as style="inline-size: 40%" and the editor's
        // carets set their colour the same way; attributes cannot load scripts or read the page,
        // and any other <style> element stays refused. Vite's dev server injects CSS inline.
        "style-src": viteDev ? ["'self'", "'unsafe-inline'"] : ["'self'", TIPTAP_STYLE_HASH],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        // The API, the live streams and the co-editing WebSocket are all on this origin; Vite's
        // hot reload uses its own port in development.
        "connect-src": viteDev ? ["'self'", "ws://localhost:24679", "ws://127.0.0.1:24679"] : ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'none'"],
        ...(https ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    strictTransportSecurity: false, // baseHeaders: only over https
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
    crossOriginOpenerPolicy: { policy: "same-origin" },
    crossOriginResourcePolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
  });
}
