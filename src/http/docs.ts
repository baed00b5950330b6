/**
 * `GET /docs`: the API reference (Scalar, through `@scalar/hono-api-reference`) over
 * `GET /openapi.json`, on its own path with its own Content-Security-Policy (the console's policy
 * allows no third-party script and no inline code, so the page does not live under /console).
 *
 * The page is one inline script (the reference's configuration) plus the reference's bundle from
 * `scriptUrl`. The policy allows exactly that: the inline script by its SHA-256 hash, the bundle's
 * origin, `connect-src 'self'` for the document and the "try it" requests to this server, inline
 * styles (the bundle injects its own), the reference's fonts, no framing, no forms, no base URL.
 */
import { Scalar } from "@scalar/hono-api-reference";
import type { Context, MiddlewareHandler } from "hono";

/** Where the reference's browser bundle comes from (jsDelivr by default: the reader's browser loads it, not the server). */
export const DEFAULT_DOCS_SCRIPT_URL = "https://cdn.jsdelivr.net/npm/@scalar/api-reference@1";

export interface DocsOptions {
  /** The reference's bundle (`@scalar/api-reference`'s browser build); another host for a self-hosted copy. */
  scriptUrl?: string;
}

const FONTS = "https://fonts.scalar.com";

/** The base64 SHA-256 of a script's text, as a CSP source (`'sha256-…'`). */
async function cspHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  let bin = "";
  for (const b of new Uint8Array(digest)) bin += String.fromCharCode(b);
  return `'sha256-${btoa(bin)}'`;
}

/** The page's policy: its inline scripts by hash, the bundle's origin, this server for data. */
export async function docsCsp(html: string, scriptUrl: string): Promise<string> {
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "");
  const hashes = await Promise.all(inline.map(cspHash));
  const bundleOrigin = new URL(scriptUrl, "https://self.invalid").origin;
  const scriptSrc = bundleOrigin === "https://self.invalid" ? "'self'" : bundleOrigin;
  return [
    "default-src 'none'",
    `script-src ${scriptSrc} ${hashes.join(" ")}`.trim(),
    `style-src 'self' 'unsafe-inline' ${FONTS}`,
    `font-src 'self' data: ${FONTS}`,
    "img-src 'self' data: https:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/**
 * The `/docs` handler.
 * @param opts.specUrl the document's path (`/openapi.json`)
 */
export function docsPage(opts: DocsOptions & { specUrl: string; title: string }): MiddlewareHandler {
  const scriptUrl = opts.scriptUrl ?? DEFAULT_DOCS_SCRIPT_URL;
  const render = Scalar({ url: opts.specUrl, pageTitle: opts.title, cdn: scriptUrl, hideClientButton: true, withDefaultFonts: true });
  let page: { html: string; csp: string } | undefined;
  return async (c: Context) => {
    if (!page) {
      const res = (await render(c, async () => {})) as Response;
      const html = await res.text();
      page = { html, csp: await docsCsp(html, scriptUrl) };
    }
    return c.html(page.html, 200, {
      "Content-Security-Policy": page.csp,
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "no-referrer",
    });
  };
}
