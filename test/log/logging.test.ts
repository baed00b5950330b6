/**
 * Logs: pino behind the Logger interface, redaction of secrets, API keys, emails and ticket text,
 * the request id (accepted from X-Request-Id, echoed back) on every line of a request, and one
 * access line per request, through the real app on the demo database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleLogger } from "../../src/log/logger";
import { pinoLogger, withRequestContext } from "../../src/log/pino";
import { redactFields, redactText } from "../../src/log/redact";
import { scenario, startTestApp, TEST_API_KEY, type TestApp } from "../helpers/app";

/** A pino logger writing into an array, one parsed object per line. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pinoLogger({ level: "info", destination: { write: (s: string) => void lines.push(JSON.parse(s)) } });
  return { log, lines };
}

describe("redaction", () => {
  it("replaces secrets, reduces ticket text to its length and masks email addresses, at any depth", () => {
    const out = redactFields({
      apiKey: "sck_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
      headers: { authorization: "Bearer sck_abcdefghijklmnopqrstuvwxyz", "x-shopify-hmac-sha256": "abc" },
      requester_email: "jane.doe@example.org",
      ticket: { body: "My card 4111 is stolen, call me", subject: "Help" },
      error: "zendesk requester look-up for jane.doe@example.org failed with Bearer abcdefghijkl1234",
      password: "hunter2",
      draftId: "d-1",
      count: 3,
    });
    expect(out).toEqual({
      apiKey: "[redacted]",
      headers: { authorization: "[redacted]", "x-shopify-hmac-sha256": "abc" },
      requester_email: "[email]",
      ticket: { body: "[redacted: 31 chars]", subject: "[redacted: 4 chars]" },
      error: "zendesk requester look-up for [email] failed with Bearer [redacted]",
      password: "[redacted]",
      draftId: "d-1",
      count: 3,
    });
    expect(redactText("key sk-proj-0123456789abcdef and shpat_0123456789abcdef for a@b.co")).toBe("key [redacted] and [redacted] for [email]");
  });

  it("holds in the pino logger and in the Workers' JSON-lines logger alike", () => {
    const { log, lines } = capture();
    log.warn("could not reach 17580@customers.example", { body: "I want a refund", email: "17580@customers.example", token: "t0ps3cret" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "warn", msg: "could not reach [email]", body: "[redacted: 15 chars]", email: "[email]", token: "[redacted]" });
    expect(typeof lines[0]!.time).toBe("string");
    expect(JSON.stringify(lines[0])).not.toMatch(/17580@|refund|t0ps3cret/);

    const printed: string[] = [];
    const orig = console.error;
    console.error = (s: string) => void printed.push(s);
    try {
      consoleLogger("info").error("failed for 17580@customers.example", { apiKey: "sc_0123456789abcdefgh", text: "hello" });
    } finally {
      console.error = orig;
    }
    expect(JSON.parse(printed[0]!)).toMatchObject({ level: "error", msg: "failed for [email]", apiKey: "[redacted]", text: "[redacted: 5 chars]" });
  });

  it("puts the request id on every line logged inside a request", () => {
    const { log, lines } = capture();
    withRequestContext({ requestId: "req-42" }, () => log.info("inside"));
    log.info("outside");
    expect(lines[0]).toMatchObject({ msg: "inside", requestId: "req-42" });
    expect(lines[1]!.requestId).toBeUndefined();
  });
});

describe("request logs through the app", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ redis: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("accepts X-Request-Id, echoes it, and writes one access line with it, without the ticket's words or email", async () => {
    const { log, lines } = capture();
    t.rt.services.log = log;
    const ticket = scenario(1);
    const res = await t.call("POST", "/v1/tickets", ticket, { "x-request-id": "trace-me-123" });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBe("trace-me-123");
    const access = lines.filter((l) => l.msg === "request");
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      level: "info",
      requestId: "trace-me-123",
      method: "POST",
      route: "/v1/tickets",
      path: "/v1/tickets",
      status: 201,
      actor: "api-key",
    });
    expect(typeof access[0]!.ms).toBe("number");
    const all = JSON.stringify(lines);
    expect(all).not.toContain(ticket.body);
    expect(all).not.toContain("17580@customers.example");
    expect(all).not.toContain(TEST_API_KEY);
  });

  it("makes up a request id when none is sent, and logs failures with it", async () => {
    const { log, lines } = capture();
    t.rt.services.log = log;
    const res = await t.call("GET", "/v1/drafts/not-a-draft");
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.filter((l) => l.msg === "request")).toEqual([expect.objectContaining({ requestId: id, route: "/v1/drafts/:id", status: res.status })]);
    const unauth = await t.app.request("/v1/drafts", { headers: { authorization: "Bearer nope-nope-nope-nope" } });
    expect(unauth.status).toBe(401);
    expect(lines.filter((l) => l.msg === "request").at(-1)).toMatchObject({ status: 401 });
    expect(JSON.stringify(lines)).not.toContain("nope-nope");
  });
});
