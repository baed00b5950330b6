import { createMiddleware } from "hono/factory";
import { timingSafeEqual } from "hono/utils/buffer";
import type { AppEnv } from "../services";
import { problem } from "./problem";

/**
 * Requires `Authorization: Bearer <API_KEY>` (compared in constant time). Answers 401 problem+json
 * with a `WWW-Authenticate` challenge otherwise.
 */
export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m || !(await timingSafeEqual(m[1], c.var.services.apiKey))) {
    c.header("WWW-Authenticate", 'Bearer realm="support-copilot"');
    return problem(c, 401, "Unauthorized", m ? "the API key is not valid" : "send Authorization: Bearer <API_KEY>");
  }
  c.set("actor", "api-key");
  await next();
});
