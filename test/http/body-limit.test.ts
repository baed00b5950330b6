// The body limit over real HTTP through @hono/node-server, where a declared Content-Length decides
// from the header and a chunked body is counted as it streams (src/app.ts).
import { once } from "node:events";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tickets } from "../../src/db/schema";
import { TEST_API_KEY, scenario, startTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let server: ServerType;
let port: number;

beforeAll(async () => {
  t = await startTestApp();
  server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" });
  await once(server, "listening");
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.close();
  await t?.close();
});

const ticketCount = async () => (await t.rt.services.db.select({ n: count() }).from(tickets))[0]!.n;

/** POSTs `body` to /v1/tickets with a Content-Length, or without one (Node then sends it chunked). */
async function post(body: string, mode: "length" | "chunked"): Promise<{ status: number; json: Record<string, unknown> }> {
  const req = request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: "/v1/tickets",
    agent: false, // a fresh connection each: a refused body may leave the server closing the last one
    headers: {
      authorization: `Bearer ${TEST_API_KEY}`,
      "content-type": "application/json",
      ...(mode === "length" ? { "content-length": Buffer.byteLength(body) } : {}),
    },
  });
  if (mode === "chunked") for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
  else req.write(body);
  req.end();
  const [res] = (await once(req, "response")) as [import("node:http").IncomingMessage];
  let text = "";
  for await (const chunk of res) text += chunk;
  return { status: res.statusCode!, json: JSON.parse(text) };
}

describe("body limit over HTTP", () => {
  const big = JSON.stringify(scenario(1, { body: "x".repeat(1_100_000) }));
  const small = (id: string) => JSON.stringify(scenario(1, { external_id: id }));

  it("refuses a declared Content-Length over 1 MB with 413 problem+json, storing nothing", async () => {
    const before = await ticketCount();
    const r = await post(big, "length");
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ status: 413, title: "Payload Too Large" });
    expect(await ticketCount()).toBe(before);
  });

  it("refuses a chunked body over 1 MB with 413 as it streams", async () => {
    const r = await post(big, "chunked");
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ status: 413 });
  });

  it("accepts a ticket within the limit either way", async () => {
    expect((await post(small("body-limit-length"), "length")).status).toBe(201);
    expect((await post(small("body-limit-chunked"), "chunked")).status).toBe(201);
  });
});
