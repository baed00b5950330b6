/**
 * Checks a real response against what the app's OpenAPI declarations say of it: the status must be
 * declared for the route, the content type must be one the route declares for that status, and a
 * JSON body must parse with the declared zod schema (the schema the document is generated from).
 * `startTestApp().call` runs it on every response, so every route test checks its answers too.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ZodType } from "zod";

interface DeclaredRoute {
  method: string;
  path: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

const isZod = (x: unknown): x is ZodType => typeof (x as { safeParse?: unknown } | null)?.safeParse === "function";

/** The routes the app declared (after mounting), with a matcher for concrete paths. */
export function declaredRoutes(app: OpenAPIHono<never> | { openAPIRegistry: OpenAPIHono["openAPIRegistry"] }) {
  return app.openAPIRegistry.definitions
    .filter((d): d is Extract<typeof d, { type: "route" }> => d.type === "route")
    .map((d) => {
      const route = d.route as unknown as DeclaredRoute;
      const params = (route.path.match(/\{[^}]+\}/g) ?? []).length;
      const pattern = route.path
        .split("/")
        .map((seg) => (/^\{[^}]+\}$/.test(seg) ? "[^/]+" : seg.replace(/[.*+?^$()|[\]\\]/g, "\\$&")))
        .join("/");
      const re = new RegExp(`^${pattern}/?$`);
      return { ...route, params, re };
    });
}

/** The declaration of `method path` (the most specific when several match: fewest parameters). */
export function findDeclaredRoute(app: Parameters<typeof declaredRoutes>[0], method: string, path: string) {
  const bare = path.split("?")[0] ?? path;
  return declaredRoutes(app)
    .filter((r) => r.method === method.toLowerCase() && r.re.test(bare))
    .sort((a, b) => a.params - b.params)[0];
}

/**
 * @returns a list of what does not match (empty when the response is as declared)
 * @throws never: the caller decides
 */
export async function responseMismatches(app: Parameters<typeof declaredRoutes>[0], method: string, path: string, res: Response): Promise<string[]> {
  const route = findDeclaredRoute(app, method, path);
  if (!route) return [`${method} ${path} is not declared in the OpenAPI document`];
  return declaredMismatches(route, method, res);
}

async function declaredMismatches(route: DeclaredRoute, method: string, res: Response): Promise<string[]> {
  const declared = route.responses[String(res.status)];
  if (!declared) return [`${method} ${route.path} answered ${res.status}, which it does not declare (declared: ${Object.keys(route.responses).join(", ")})`];
  const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!declared.content) return type && res.status !== 204 ? [`${method} ${route.path} ${res.status} declares no body but sent ${type}`] : [];
  const media = declared.content[type];
  if (!media) return [`${method} ${route.path} ${res.status} sent ${type || "no content type"}, declared: ${Object.keys(declared.content).join(", ")}`];
  if (!type.endsWith("json") || !isZod(media.schema)) return [];
  const body: unknown = await res.clone().json();
  const parsed = media.schema.safeParse(body);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => `${method} ${route.path} ${res.status} body at ${i.path.join(".") || "(root)"}: ${i.message}`);
}

/**
 * Throws when a response to a declared route does not match its declaration (for test helpers);
 * a path no route declares is left to the route-coverage test (test/http/openapi.test.ts).
 */
export async function assertDeclaredResponse(app: Parameters<typeof declaredRoutes>[0], method: string, path: string, res: Response): Promise<void> {
  const route = findDeclaredRoute(app, method, path);
  if (!route) return;
  const problems = await declaredMismatches(route, method, res);
  if (problems.length) throw new Error(`Response does not match the OpenAPI declaration:\n- ${problems.join("\n- ")}`);
}
