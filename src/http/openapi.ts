/**
 * The OpenAPI side of the HTTP layer: every `/v1` and webhook route is declared with
 * `@hono/zod-openapi` (`createRoute`), so the zod schemas that validate a request are the ones the
 * document (`GET /openapi.json`) shows, and a handler's answers are type-checked against the
 * declared response schemas.
 *
 * - `openApiRouter()`: a router whose validation failures become the same problem+json answers as
 *   before (`validationProblem`: 400 naming each field; a bad path parameter names the parameter);
 * - `jsonRequest`: the route middleware of a JSON body (415 for another content type, 400
 *   "Malformed JSON"), run before the body is validated;
 * - `ProblemSchema` and `problemResponses(...)`: the RFC 9457 error shape of every 4xx/5xx;
 * - `SECURITY`: the names of the security schemes (the bearer API key, each webhook signature),
 *   registered by `registerSecuritySchemes`.
 */
import { OpenAPIHono, z, type RouteConfig } from "@hono/zod-openapi";
import type { Env } from "hono";
import { createMiddleware } from "hono/factory";
import type { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import type { AppEnv } from "./env";
import { ProblemError, validationProblem } from "./problem";

export { z };

/** RFC 9457 problem details, as `problem()` writes them (src/http/problem.ts). */
export const ProblemSchema = z
  .object({
    type: z.string().url().openapi({ example: "https://support-copilot.dev/problems/invalid-request" }),
    title: z.string().openapi({ example: "Invalid request" }),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    requestId: z.string().optional().openapi({ description: "The request's id (`X-Request-Id`), also in the logs." }),
    invalid_params: z
      .array(z.object({ name: z.string().openapi({ example: "requester.email" }), reason: z.string().optional() }))
      .optional()
      .openapi({ description: "For validation errors: each invalid field and why." }),
  })
  .catchall(z.unknown())
  .openapi("Problem", { description: "An error (RFC 9457 problem details), sent as application/problem+json." });

export type ProblemBody = z.infer<typeof ProblemSchema>;

const PROBLEM_TEXT: Record<number, string> = {
  400: "Invalid request: the problem names each invalid field (`invalid_params`)",
  401: "Missing or invalid credentials",
  403: "The API key's role may not do this",
  404: "Not found",
  409: "Conflict with the resource's state",
  413: "The body exceeds 1 MiB",
  415: "The body is not application/json",
  422: "The edit changes or drops what the policy decided",
  500: "The request failed; it is logged with its request id",
  502: "An upstream service refused (e.g. Shopify did not create the discount code); nothing was changed",
  503: "A dependency is unavailable",
};

type ProblemResponse = { description: string; content: { "application/problem+json": { schema: typeof ProblemSchema } } };

/**
 * Response entries for the given error statuses, plus 500 (any route may fail unexpectedly), each
 * an `application/problem+json` `Problem`.
 */
export function problemResponses<const S extends number>(...statuses: S[]): Record<S | 500, ProblemResponse> {
  const out = {} as Record<S | 500, ProblemResponse>;
  for (const s of [...statuses, 500 as const])
    out[s] = { description: PROBLEM_TEXT[s] ?? "Error", content: { "application/problem+json": { schema: ProblemSchema } } };
  return out;
}

/** A `200`-style JSON response entry. */
export const jsonResponse = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });

/** A JSON request body (required), for `createRoute({ request: { body } })`. */
export const jsonRequestBody = <S extends z.ZodType>(schema: S, description?: string) => ({
  required: true,
  description,
  content: { "application/json": { schema } },
});

/** The security schemes' names, as `security: [{ [SECURITY.apiKey]: [] }]` uses them. */
export const SECURITY = {
  apiKey: "apiKey",
  shopify: "shopifyHmac",
  zendesk: "zendeskSignature",
  helpscout: "helpScoutSignature",
  front: "frontSignature",
  sharedSecret: "webhookSharedSecret",
} as const;

/** The `security` of a `/v1` route: the bearer API key. */
export const apiKeySecurity = [{ [SECURITY.apiKey]: [] }];

/** Registers every security scheme on `app`'s registry (the document's `components.securitySchemes`). */
export function registerSecuritySchemes(app: OpenAPIHono<AppEnv>) {
  const r = app.openAPIRegistry;
  r.registerComponent("securitySchemes", SECURITY.apiKey, {
    type: "http",
    scheme: "bearer",
    description:
      "`Authorization: Bearer <key>`: the server's API_KEY (acts as admin) or a key an admin created in the console (its role: agent, manager or admin).",
  });
  r.registerComponent("securitySchemes", SECURITY.shopify, {
    type: "apiKey",
    in: "header",
    name: "X-Shopify-Hmac-Sha256",
    description:
      "Base64 HMAC-SHA256 of the raw body with SHOPIFY_API_SECRET; the other X-Shopify-* headers (Topic, Shop-Domain, Webhook-Id, API-Version) are required too.",
  });
  r.registerComponent("securitySchemes", SECURITY.zendesk, {
    type: "apiKey",
    in: "header",
    name: "X-Zendesk-Webhook-Signature",
    description: "Base64 HMAC-SHA256 of X-Zendesk-Webhook-Signature-Timestamp + raw body with the webhook's signing secret; the timestamp must be fresh.",
  });
  r.registerComponent("securitySchemes", SECURITY.helpscout, {
    type: "apiKey",
    in: "header",
    name: "X-HelpScout-Signature",
    description: "Base64 HMAC-SHA1 of the raw body with the webhook's secret key.",
  });
  r.registerComponent("securitySchemes", SECURITY.front, {
    type: "apiKey",
    in: "header",
    name: "X-Front-Signature",
    description:
      "Base64 HMAC-SHA256 of `<X-Front-Request-Timestamp>:<raw body>` with the app secret, the timestamp fresh; or, for a rule webhook, base64 HMAC-SHA1 of the raw body with the Webhooks integration's API secret.",
  });
  r.registerComponent("securitySchemes", SECURITY.sharedSecret, {
    type: "apiKey",
    in: "header",
    name: "X-Copilot-Webhook-Secret",
    description: "Gorgias and Freshdesk sign nothing: the shared secret configured for the vendor, compared in constant time.",
  });
}

/** A validation failure as the problem the handlers threw before (`validationProblem`). */
function validationFailure(target: string, error: ZodError): ProblemError {
  if (target === "param") {
    const issue = error.issues[0];
    const name = String(issue?.path[0] ?? "path");
    return new ProblemError(400, "Invalid request", `Invalid path parameter ${name}: ${issue?.message}`, {
      invalid_params: [{ name, reason: issue?.message }],
    });
  }
  return validationProblem(error, target === "json" ? "body" : target);
}

/**
 * The hook every router uses: a request that fails its route's schema is answered 400 with a
 * problem naming each field (thrown, so `app.onError` writes it with the request id).
 */
export function validationHook(result: { target: string; success: boolean; error?: ZodError }): void {
  if (!result.success && result.error) throw validationFailure(result.target, result.error);
}

/** A router of the app whose routes are declared with `createRoute`. */
export function openApiRouter<E extends Env = AppEnv>() {
  return new OpenAPIHono<E>({ defaultHook: (result) => validationHook(result as Parameters<typeof validationHook>[0]) });
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/**
 * Route middleware of a JSON body, before the schema validates it.
 * @throws ProblemError 415 for a non-JSON content type, 400 "Malformed JSON" for a body that does not parse
 */
export const jsonRequest = createMiddleware<AppEnv>(async (c, next) => {
  if (!JSON_TYPE.test(c.req.header("content-type") ?? "")) throw new ProblemError(415, "Unsupported Media Type", "send the body as application/json");
  try {
    await c.req.json(); // cached: the validator reads the same parse
  } catch {
    throw new ProblemError(400, "Malformed JSON", "the request body is not valid JSON");
  }
  await next();
});

/** Maps a library's `HTTPException` (e.g. a content type the route does not accept) to a problem. */
export function httpExceptionProblem(err: HTTPException): ProblemError {
  const status = err.status as ProblemError["status"];
  return new ProblemError(status, status === 415 ? "Unsupported Media Type" : status === 400 ? "Invalid request" : "Error", err.message);
}

export type { RouteConfig };
