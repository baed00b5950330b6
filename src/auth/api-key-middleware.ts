/**
 * `/v1` bearer authentication that accepts the configured key (`API_KEY`, compared in constant time)
 * or a key stored hashed in the database (src/auth/api-keys.ts). The actor is
 * `api-key` for the configured key and `api-key:<prefix>` for a stored one, so the audit log says
 * which key acted; `apiRole` holds the stored key's role (the configured key acts as admin).
 */
import { createMiddleware } from "hono/factory";
import { timingSafeEqual } from "hono/utils/buffer";
import { problem } from "../http/problem";
import type { Services } from "../services";
import { API_KEY_PATTERN, verifyApiKey } from "./api-keys";
import type { Role } from "./roles";

type Env = { Variables: { requestId: string; services: Services; actor: string; apiRole?: Role } };

export const requireAnyApiKey = createMiddleware<Env>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const s = c.var.services;
  if (m && (await timingSafeEqual(m[1], s.apiKey))) {
    c.set("actor", "api-key");
    c.set("apiRole", "admin");
    return next();
  }
  if (m && API_KEY_PATTERN.test(m[1])) {
    const row = await verifyApiKey(s.db, m[1], new Date());
    if (row) {
      c.set("actor", `api-key:${row.prefix}`);
      c.set("apiRole", row.role as Role);
      return next();
    }
  }
  c.header("WWW-Authenticate", 'Bearer realm="support-copilot"');
  return problem(c, 401, "Unauthorized", m ? "the API key is not valid" : "send Authorization: Bearer <API_KEY>");
});
