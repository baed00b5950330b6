/** The external Quimbi-compatible scores API, over real HTTP, with our scores as the fallback. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCustomerById } from "../../src/customers/repo";
import { InternalScores, QuimbiScores } from "../../src/profile/sources";
import { startTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let server: Server;
let base: string;
let mode: "ok" | "error" | "slow" | "malformed" = "ok";
const seen: Array<{ url: string; key: string | undefined }> = [];

beforeAll(async () => {
  t = await startTestApp({ redis: false });
  server = createServer((req, res) => {
    seen.push({ url: req.url!, key: req.headers["x-api-key"] as string | undefined });
    if (req.headers["x-api-key"] !== "quimbi-secret") return void res.writeHead(401).end();
    const id = req.url!.split("/").pop();
    const body = {
      customer_id: id,
      archetype_id: "arch_776335",
      lifetime_value: 179.42,
      total_orders: 3,
      avg_order_value: 59.81,
      days_since_last_purchase: 230,
      customer_tenure_days: 250,
      churn_risk_score: 0.6,
    };
    if (mode === "error") return void res.writeHead(503).end();
    if (mode === "malformed")
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ customer_id: id, churn_risk_score: "high" }));
    const send = () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (mode === "slow") setTimeout(send, 500);
    else send();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await t?.close();
});

const source = (apiKey = "quimbi-secret") => new QuimbiScores({ baseUrl: base, apiKey, timeoutMs: 200 }, new InternalScores(t.rt.services.profiles));

describe("QuimbiScores", () => {
  it("takes churn risk and archetype from the API, keeping our exact order aggregates", async () => {
    mode = "ok";
    const c = (await findCustomerById(t.rt.services.db, "17580"))!;
    const p = await source().forCustomer(c);
    expect(seen.at(-1)).toEqual({ url: "/api/mcp/customer/17580", key: "quimbi-secret" });
    expect(p).toMatchObject({ churn_risk_score: 0.6, archetype_id: "arch_776335", churn_model: "quimbi-api", scores_source: "quimbi" });
    expect(p).toMatchObject({ total_orders: 3, lifetime_value: 215.72, days_since_last_purchase: 252 });
  });

  it.each([
    ["error", /HTTP 503/],
    ["slow", /timeout after 200 ms/],
    ["malformed", /malformed answer/],
  ] as const)("falls back to our scores when the API answers %s", async (m, why) => {
    mode = m;
    const c = (await findCustomerById(t.rt.services.db, "17580"))!;
    const p = await source().forCustomer(c);
    expect(p.scores_source).toMatch(why);
    expect(p.churn_model).toMatch(/^bgnbd-gg-v1/);
  });

  it("falls back when the API refuses the key", async () => {
    mode = "ok";
    const c = (await findCustomerById(t.rt.services.db, "17580"))!;
    expect((await source("wrong").forCustomer(c)).scores_source).toMatch(/HTTP 401/);
  });
});
