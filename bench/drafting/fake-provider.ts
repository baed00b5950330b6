/**
 * A bench-local OpenAI-compatible model provider (Chat Completions, non-streaming JSON), in its own
 * process, that behaves as a loaded provider does:
 * - latency drawn per request from a log-normal distribution (median `--latency-ms`, spread
 *   `--sigma`: 0.35 puts p95 at 1.8x the median), not a constant;
 * - a request's tokens counted as OpenAI counts them for its limits: the prompt (characters / 4 of
 *   the request) plus `max_tokens` (1,000 when none is sent) when it is admitted, or, with
 *   `--tpm-counts used`, the prompt when admitted and what was written when it answers;
 * - requests-per-minute and tokens-per-minute limits as token buckets refilled continuously
 *   (capacity one second's worth, as providers enforce RPM over short windows); a request beyond
 *   them is answered 429 with `Retry-After`, `retry-after-ms` and the `x-ratelimit-*` headers, and
 *   every answer carries `x-ratelimit-remaining-*` and `x-ratelimit-reset-*`;
 * - error bursts: every `--burst-every` seconds, for `--burst-seconds`, a share `--burst-rate` of
 *   requests is answered 503.
 * Answers are valid for the schema a request asks for (the drafter's reply parts, the triage
 * reading), so the pipeline's guard and parsers run as with a real model. A bench fixture, not
 * product code. Prints `ready <baseURL>`; `GET /stats` gives its counters.
 *
 * What it answers (`--answers`):
 * - `read` (default): the triage reads the ticket with a few rules of its own, not the service's
 *   classifier: its language (tinyld, as a model names the language it reads), urgency (shouting,
 *   "!!!", anger and deadline words), sentiment and a family from keywords; the reply is written in
 *   the language the system prompt asks for (en, es, fr, de, pt), as an instruction-following
 *   model does. How often this reading decides what the service's offline reading decides sets
 *   how many speculative drafts are kept: it stands in for a real model's agreement, which no
 *   model here can measure.
 * - `constant`: every triage answers the same English order-status reading and every reply is in
 *   English (a model that ignores the ticket's language: repair, then the template).
 *
 *   npx tsx bench/drafting/fake-provider.ts --latency-ms 2000 --rpm 3000 --tpm 2000000
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { detect } from "tinyld";

const { values: a } = parseArgs({
  options: {
    "latency-ms": { type: "string", default: "2000" },
    sigma: { type: "string", default: "0.35" },
    rpm: { type: "string", default: "3000" },
    tpm: { type: "string", default: "2000000" },
    // How the TPM bucket counts output: "max_tokens" (at admission, as OpenAI does) or "used" (what was written, when answered).
    "tpm-counts": { type: "string", default: "max_tokens" },
    "burst-every": { type: "string", default: "0" }, // seconds; 0 = no error bursts
    "burst-seconds": { type: "string", default: "3" },
    "burst-rate": { type: "string", default: "0.5" },
    seed: { type: "string", default: "7" },
    answers: { type: "string", default: "read" }, // read | constant
  },
});
const READS = a.answers !== "constant";
const MEDIAN = Number(a["latency-ms"]);
const SIGMA = Number(a.sigma);
const RPM = Number(a.rpm);
const TPM = Number(a.tpm);
const COUNTS_MAX_TOKENS = a["tpm-counts"] !== "used";
const BURST_EVERY = Number(a["burst-every"]) * 1000;
const BURST_MS = Number(a["burst-seconds"]) * 1000;
const BURST_RATE = Number(a["burst-rate"]);

let seed = Number(a.seed) >>> 0;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
/** A standard normal draw (Box-Muller). */
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const latency = () => MEDIAN * Math.exp(SIGMA * normal());

/** A token bucket refilled continuously at `perMinute`, holding at most one second's worth. */
class Bucket {
  private level: number;
  private at = performance.now();
  constructor(private readonly perMinute: number) {
    this.level = this.capacity;
  }
  get capacity() {
    return Math.max(1, this.perMinute / 60);
  }
  private refill() {
    const now = performance.now();
    this.level = Math.min(this.capacity, this.level + ((now - this.at) / 60_000) * this.perMinute);
    this.at = now;
  }
  /** Takes `n` if there is room. @returns 0 when taken, else ms until there would be */
  take(n: number): number {
    this.refill();
    const need = Math.min(n, this.capacity);
    if (this.level >= need) {
      this.level -= need;
      return 0;
    }
    return Math.ceil(((need - this.level) / this.perMinute) * 60_000);
  }
  /** Takes `n` whatever the level (tokens already spent), so that the bucket may owe. */
  charge(n: number) {
    this.refill();
    this.level -= n;
  }
  remaining() {
    this.refill();
    return Math.floor(this.level);
  }
  resetMs() {
    this.refill();
    return Math.ceil(((this.capacity - this.level) / this.perMinute) * 60_000);
  }
}

const requests = new Bucket(RPM);
const tokens = new Bucket(TPM);
const t0 = performance.now();
const stats = {
  requests: 0,
  ok: 0,
  rateLimited: 0,
  errors: 0,
  inFlight: 0,
  maxInFlight: 0,
  byKind: {} as Record<string, number>,
  promptTokens: 0,
  completionTokens: 0,
  /** Tokens the TPM bucket was charged for requests answered 200: prompt estimate plus max_tokens, or plus the tokens written (--tpm-counts used). */
  admittedTokens: 0,
  /** Per kind of request answered 200 (reply, triage, other): calls, prompt tokens and tokens charged, summed. */
  promptTokensByKind: {} as Record<string, number>,
  admittedTokensByKind: {} as Record<string, number>,
  okByKind: {} as Record<string, number>,
};
/** What `GET /stats` answers (the bench runner reads it). */
export type ProviderStats = typeof stats & { seconds: number };

const REPLY_PARTS: [string, string, string, string] = [
  "Hi there,",
  "Thank you for getting in touch, and sorry for the trouble. I have looked into your message and we are on it.",
  "If there is anything else, just reply to this email.",
  "Kind regards,\nCustomer Care",
];
const REPLY = JSON.stringify({
  greeting: REPLY_PARTS[0],
  paragraphs: [REPLY_PARTS[1], REPLY_PARTS[2]],
  commitments_after: 1,
  sign_off: REPLY_PARTS[3],
  citations: [],
});
const TRIAGE = JSON.stringify({
  unclear: false,
  family: "order_status",
  intent: "track_order",
  confidence: 0.8,
  sentiment: { score: -0.2, label: "negative" },
  urgency: "normal",
  language: "en",
});

/** Replies in the languages the service renders commitments in, as a model asked for that language writes. */
const REPLIES: Record<string, [string, string, string, string]> = {
  English: REPLY_PARTS,
  Spanish: [
    "Hola,",
    "Gracias por escribirnos y perdone las molestias. Hemos revisado su mensaje y ya nos estamos ocupando de ello.",
    "Si necesita algo más, responda a este correo.",
    "Un saludo,\nAtención al cliente",
  ],
  French: [
    "Bonjour,",
    "Merci de nous avoir écrit, et désolés pour ce désagrément. Nous avons lu votre message et nous nous en occupons.",
    "Si vous avez besoin d'autre chose, répondez simplement à ce courriel.",
    "Bien cordialement,\nService client",
  ],
  German: [
    "Hallo,",
    "Vielen Dank für Ihre Nachricht, und entschuldigen Sie die Unannehmlichkeiten. Wir haben Ihre Nachricht gelesen und kümmern uns darum.",
    "Wenn Sie noch etwas brauchen, antworten Sie einfach auf diese E-Mail.",
    "Viele Grüße,\nKundenservice",
  ],
  Portuguese: [
    "Olá,",
    "Obrigado por nos escrever, e pedimos desculpa pelo incómodo. Lemos a sua mensagem e já estamos a tratar do assunto.",
    "Se precisar de mais alguma coisa, basta responder a este e-mail.",
    "Com os melhores cumprimentos,\nApoio ao cliente",
  ],
};

/** The reply parts in the language the request's system prompt asks for ("Write in Spanish"). */
function replyIn(raw: string): string {
  const asked = /Write in (\w+)/.exec(raw)?.[1] ?? "English";
  const [greeting, p1, p2, signOff] = REPLIES[asked] ?? REPLY_PARTS;
  return JSON.stringify({ greeting, paragraphs: [p1, p2], commitments_after: 1, sign_off: signOff, citations: [] });
}

const has = (text: string, re: RegExp) => re.test(text);
/** Keyword families, first match wins; the intent is one of the family's. */
const FAMILY_RULES: Array<[RegExp, string, string]> = [
  [
    /\b(switch(ing)? to|cancel(l?ing)? my (account|membership|subscription)|(go|going|shop) elsewhere|competitor|too expensive|never (again|order)|last time i)\b/i,
    "retention_risk",
    "considering_leaving",
  ],
  [/\b(cancel+(ed|ing)?)\b/i, "cancellation", "cancel_order"],
  [/\b(refund|return|exchange|replacement|money back)\b/i, "refund_return", "get_refund"],
  [/\b(where('s| is) my|tracking|track|deliver(y|ed)?|arriv(e|ed)|shipp?(ing|ed)|package|parcel|order)\b/i, "order_status", "track_order"],
  [/\b(password|log ?in|sign ?in|account|charged|charge|card|payment|billing|gift card|promo)\b/i, "account_billing", "payment_issue"],
  [/\b(broken|damaged|rude|worst|terrible|awful|horrible|useless|ridiculous|disappointed|app|website|crash(es|ed)?)\b/i, "service_complaint", "complaint"],
  [/\?|\b(do you|can i|is there|available|price)\b/i, "product_question", "product_info"],
];
const ANGER =
  /\b(worst|terrible|awful|horrible|disgusting|ridiculous|unacceptable|furious|angry|joke|useless|scam|lawyer|urgent(ly)?|asap|immediately|right now)\b/i;
const NEGATIVE =
  /\b(not|never|no|didn'?t|doesn'?t|won'?t|can'?t|still|late|wrong|bad|problem|issue|broken|damaged|missing|waiting|worst|terrible|awful|disappointed|ridiculous)\b/i;
const POSITIVE = /\b(thanks?|thank you|love|great|awesome|amazing|brilliant|excellent|happy)\b/i;

/** A model's triage of the ticket between <ticket> tags, by the rules above. */
function readTicket(raw: string): string {
  const body = JSON.parse(raw) as { messages: Array<{ content: unknown }> };
  const prompt = body.messages.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content))).join("\n");
  const text = /<ticket>\n?([\s\S]*?)\n?<\/ticket>/.exec(prompt)?.[1] ?? prompt;
  const words = text.match(/\p{L}+/gu) ?? [];
  const language = words.length < 3 ? "und" : detect(text, { only: ["en", "es", "fr", "de", "pt"] }) || "en";
  const letters = text.match(/\p{L}/gu) ?? [];
  const shouting = letters.length >= 12 && letters.filter((c) => c !== c.toLowerCase()).length / letters.length >= 0.7;
  const [, family, intent] = FAMILY_RULES.find(([re]) => has(text, re)) ?? [null, "other", "chatter"];
  const negative = has(text, NEGATIVE) || has(text, ANGER) || shouting;
  const sentiment = has(text, ANGER) || shouting ? -0.7 : negative ? -0.4 : has(text, POSITIVE) ? 0.6 : 0;
  const urgency = has(text, ANGER) || shouting || /!{3,}/.test(text) ? "high" : family === "product_question" && !negative ? "low" : "normal";
  return JSON.stringify({
    unclear: false,
    family,
    intent,
    confidence: 0.8,
    sentiment: { score: sentiment, label: sentiment < 0 ? "negative" : sentiment > 0 ? "positive" : "neutral" },
    urgency,
    language,
  });
}

const headersOf = (extra: Record<string, string> = {}) => ({
  "content-type": "application/json",
  "x-ratelimit-limit-requests": String(RPM),
  "x-ratelimit-limit-tokens": String(TPM),
  "x-ratelimit-remaining-requests": String(requests.remaining()),
  "x-ratelimit-remaining-tokens": String(tokens.remaining()),
  "x-ratelimit-reset-requests": `${requests.resetMs()}ms`,
  "x-ratelimit-reset-tokens": `${tokens.resetMs()}ms`,
  ...extra,
});

const server = createServer(async (req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ...stats, seconds: (performance.now() - t0) / 1000 }));
    return;
  }
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
    return;
  }
  const raw = Buffer.concat(chunks).toString("utf8");
  const body = JSON.parse(raw) as {
    model: string;
    max_tokens?: number;
    max_completion_tokens?: number;
    response_format?: { json_schema?: { schema?: { properties?: Record<string, unknown> } } };
  };
  stats.requests++;
  const props = Object.keys(body.response_format?.json_schema?.schema?.properties ?? {});
  const kind = props.includes("paragraphs") ? "reply" : props.includes("unclear") ? "triage" : "other";
  stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
  const promptTokens = Math.ceil(raw.length / 4);
  const estimate = promptTokens + (COUNTS_MAX_TOKENS ? (body.max_tokens ?? body.max_completion_tokens ?? 1000) : 0);
  const waitReq = requests.take(1);
  const waitTok = waitReq ? 0 : tokens.take(estimate);
  if (waitReq || waitTok) {
    stats.rateLimited++;
    const wait = Math.max(waitReq, waitTok);
    res.writeHead(429, headersOf({ "retry-after": String(Math.max(1, Math.ceil(wait / 1000))), "retry-after-ms": String(wait) })).end(
      JSON.stringify({
        error: { message: `Rate limit reached for requests. Please try again in ${wait}ms.`, type: "requests", code: "rate_limit_exceeded" },
      }),
    );
    return;
  }
  stats.inFlight++;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  await new Promise((r) => setTimeout(r, latency()));
  stats.inFlight--;
  const since = performance.now() - t0;
  if (BURST_EVERY > 0 && since % BURST_EVERY < BURST_MS && rand() < BURST_RATE) {
    stats.errors++;
    res.writeHead(503, headersOf()).end(JSON.stringify({ error: { message: "The server is overloaded or not ready yet.", type: "server_error" } }));
    return;
  }
  const text = kind === "triage" ? (READS ? readTicket(raw) : TRIAGE) : READS ? replyIn(raw) : REPLY;
  const completionTokens = Math.ceil(text.length / 4);
  // Counting what was written: the bucket is charged for it now (it may go below empty: later requests wait).
  if (!COUNTS_MAX_TOKENS) tokens.charge(completionTokens);
  stats.ok++;
  stats.promptTokens += promptTokens;
  stats.completionTokens += completionTokens;
  stats.admittedTokens += estimate + (COUNTS_MAX_TOKENS ? 0 : completionTokens);
  stats.okByKind[kind] = (stats.okByKind[kind] ?? 0) + 1;
  stats.promptTokensByKind[kind] = (stats.promptTokensByKind[kind] ?? 0) + promptTokens;
  stats.admittedTokensByKind[kind] = (stats.admittedTokensByKind[kind] ?? 0) + estimate + (COUNTS_MAX_TOKENS ? 0 : completionTokens);
  res.writeHead(200, headersOf()).end(
    JSON.stringify({
      id: `chatcmpl-${stats.requests}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    }),
  );
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`ready http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`));
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
