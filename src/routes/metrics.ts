/**
 * `GET /metrics`: the metrics port's figures in Prometheus's text format, for a bearer key:
 * `METRICS_KEY` when set, otherwise the API key. Mounted by the app, and served alone on
 * `METRICS_PORT` when that is set (a `PROCESS_ROLE=worker` process has no other HTTP).
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { problem } from "../http/problem";
import { safeEqual } from "../lib/hash";
import type { Services } from "../services";

/** The router, or null when the metrics port keeps nothing to render (Workers). */
export function metricsRoutes(services: Pick<Services, "metrics" | "metricsKey" | "apiKey">): Hono<AppEnv> | null {
  const metrics = services.metrics;
  if (!metrics.render) return null;
  const render = metrics.render.bind(metrics);
  const routes = new Hono<AppEnv>();
  routes.get("/metrics", async (c) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    if (!m || !safeEqual(m[1] ?? "", services.metricsKey ?? services.apiKey)) {
      c.header("WWW-Authenticate", 'Bearer realm="metrics"');
      return problem(c, 401, "Unauthorized", `send Authorization: Bearer <${services.metricsKey ? "METRICS_KEY" : "API_KEY"}>`);
    }
    const out = await render();
    return c.body(out.body, 200, { "content-type": out.contentType });
  });
  return routes;
}
