/**
 * Graceful shutdown of the real service (`src/main.ts` in its own process, on a clone of the demo
 * database): SIGTERM arrives while a ticket is being drafted (its model call is held by a gate in
 * front of the local OpenAI-compatible server); the service stops accepting connections, the
 * ticket's request completes with its draft, and the process then closes the database and exits 0.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LATE_ORDER_REPLY, schemaProperties, startFakeOpenAI, type FakeOpenAI } from "../fakes/openai-server";
import { cloneDemoDatabase } from "../helpers/db";
import { scenario, TEST_API_KEY } from "../helpers/app";

const ROOT = path.resolve(import.meta.dirname, "../..");

const TRIAGE = JSON.stringify({
  unclear: false,
  family: "service_complaint",
  intent: "complaint",
  confidence: 0.9,
  sentiment: { score: -0.6, label: "negative" },
  urgency: "normal",
  language: "en",
});
const REPLY = LATE_ORDER_REPLY;

/** A proxy in front of the fake model that holds every request until `open()`. */
async function startGate(target: string) {
  let opened = false;
  const waiting: Array<() => void> = [];
  let arrived = 0;
  let onArrive: (() => void) | null = null;
  const server: Server = createServer((req, res) => {
    arrived++;
    onArrive?.();
    const forward = () => {
      const up = new URL(target + (req.url ?? "").replace(/^\/v1/, ""));
      const p = httpRequest(up, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(p);
    };
    if (opened) forward();
    else waiting.push(forward);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    /** Resolves once a request has arrived. */
    firstRequest: () => new Promise<void>((resolve) => (arrived > 0 ? resolve() : (onArrive = resolve))),
    open() {
      opened = true;
      for (const f of waiting.splice(0)) f();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

let fake: FakeOpenAI;
let gate: Awaited<ReturnType<typeof startGate>>;
let db: Awaited<ReturnType<typeof cloneDemoDatabase>>;
let child: ChildProcess | null = null;
let out = "";

beforeAll(async () => {
  fake = await startFakeOpenAI((req) => (schemaProperties(req).includes("unclear") ? TRIAGE : REPLY));
  gate = await startGate(fake.baseURL);
  db = await cloneDemoDatabase();
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await gate?.close();
  await fake?.close();
  await db?.drop();
});

describe("SIGTERM mid-request", () => {
  it("stops accepting, lets the request finish with its draft, then closes and exits 0", async () => {
    const port = await freePort();
    const metricsPort = await freePort();
    child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/main.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        DATABASE_URL: db.url,
        API_KEY: TEST_API_KEY,
        DEMO_IMPORT: "off",
        OPENAI_API_KEY: "sk-test-local",
        OPENAI_BASE_URL: gate.baseURL,
        LLM_TIMEOUT_MS: "120000",
        SHUTDOWN_TIMEOUT_MS: "120000",
        REDIS_URL: "",
        OTEL_EXPORTER_OTLP_ENDPOINT: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    const until = (re: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const check = () => (re.test(out) ? resolve() : child!.exitCode !== null ? reject(new Error(`the service exited:\n${out}`)) : setTimeout(check, 50));
        check();
      });
    await until(/listening on http/);

    const base = `http://127.0.0.1:${port}`;
    // METRICS_PORT serves /metrics alone, behind the same key.
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(401);
    const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain("# TYPE copilot_tickets_received_total counter");
    expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(404);

    const ticket = fetch(`${base}/v1/tickets`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify(scenario(3)),
    });
    await gate.firstRequest(); // the ticket is in the pipeline, waiting for the model
    child.kill("SIGTERM");
    await until(/shutting down/);

    // No new connections once shutting down.
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    gate.open();
    const res = await ticket;
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.draft).toMatchObject({ status: "pending_review", drafter: "llm" });

    expect(await exited).toBe(0);
    const lines = out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const done = lines.find((l) => l.msg === "shut down");
    expect(done).toMatchObject({ drained: true });
    // The request's access line was written before the database was closed.
    const access = lines.findIndex((l) => l.msg === "request" && l.route === "/v1/tickets" && l.status === 201);
    expect(access).toBeGreaterThan(-1);
    expect(access).toBeLessThan(lines.indexOf(done!));
  }, 300_000); // start-up trains or loads the classifier and indexes the articles: slow on a shared machine
});
