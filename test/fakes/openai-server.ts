/**
 * A local server that speaks the OpenAI Chat Completions wire protocol (JSON and streaming
 * server-sent events), so the real `@ai-sdk/openai` client code runs in tests. A test fixture, not
 * product code: it answers from a script and records what it was sent.
 * Protocol: https://platform.openai.com/docs/api-reference/chat/create (and /chat-streaming).
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: { model: string; stream?: boolean; messages: Array<{ role: string; content: unknown }>; response_format?: unknown; [k: string]: unknown };
}

export interface FakeOpenAI {
  baseURL: string;
  requests: RecordedRequest[];
  /** Decides the assistant's text for a request. */
  respond: (req: RecordedRequest) => string;
  close(): Promise<void>;
}

/** The property names of the JSON schema a structured-output request asks for (empty for plain text). */
export function schemaProperties(req: RecordedRequest): string[] {
  const rf = req.body.response_format as { type?: string; json_schema?: { schema?: { properties?: Record<string, unknown> } } } | undefined;
  return rf?.type === "json_schema" ? Object.keys(rf.json_schema?.schema?.properties ?? {}) : [];
}

/** A reply-parts answer for a late-order complaint (seed scenario 3): an apology and no commitment of the model's own. */
export const LATE_ORDER_REPLY = JSON.stringify({
  greeting: "Hi there,",
  paragraphs: ["I'm truly sorry your last order took so long to reach you, and I understand how frustrating the wait has been."],
  commitments_after: 1,
  sign_off: "Kind regards,\nCustomer Care",
  citations: [],
});

/** The whole conversation a request carries, as one string (to find what the model was told). */
export function promptText(req: RecordedRequest): string {
  return req.body.messages.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content))).join("\n");
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeOpenAI(respond: FakeOpenAI["respond"]): Promise<FakeOpenAI> {
  const fake: FakeOpenAI = { baseURL: "", requests: [], respond, close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
      return;
    }
    const rec: RecordedRequest = { path: req.url, authorization: req.headers.authorization, body: JSON.parse(await readBody(req)) };
    fake.requests.push(rec);
    let text: string;
    try {
      text = fake.respond(rec);
    } catch (err) {
      // A script that has no answer (or a test's own assertion inside it) is a server error, as a real outage would be.
      res
        .writeHead(500, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: String((err as Error).message ?? err), type: "server_error" } }));
      return;
    }
    const id = `chatcmpl-${fake.requests.length}`;
    const created = 1_700_000_000;
    const promptTokens = JSON.stringify(rec.body.messages).length >> 2;
    const completionTokens = Math.max(1, text.length >> 2);
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    if (!rec.body.stream) {
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id,
          object: "chat.completion",
          created,
          model: rec.body.model,
          choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
          usage,
        }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const chunk = (delta: object, finish: string | null, extra: object = {}) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: rec.body.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
    res.write(chunk({ role: "assistant", content: "" }, null));
    for (const piece of text.match(/.{1,12}/gs) ?? []) res.write(chunk({ content: piece }, null));
    res.write(chunk({}, "stop"));
    res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: rec.body.model, choices: [], usage })}\n\n`);
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}
