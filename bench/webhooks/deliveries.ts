/**
 * The webhook stream: N distinct Zendesk `ticket.created` events (the vendor's documented event
 * shape, test/fakes/helpdesks/payloads.ts), a share of them delivered twice with the same event id
 * as a vendor retry does, in a fixed-seed order. Everything is built and signed before the load
 * starts, so neither JSON encoding nor HMAC signing sits on the measured path.
 */
import { ZENDESK_TEST_SECRET, zendeskHeaders, zendeskTicketCreated } from "../../test/fakes/helpdesks/payloads";

/** A requester the fake Zendesk API knows: [zendesk user id, email, name]. */
export type FakeUser = [id: string, email: string, name: string];

export interface WebhookEvent {
  ticketId: string;
  eventId: string;
  body: string;
}

export interface Stream {
  events: WebhookEvent[];
  /** Event indexes in delivery order (originals and repeats); length = events × (1 + repeatShare). */
  order: number[];
  repeats: number;
  users: FakeUser[];
}

// What customers write; the triage model classifies them into different intents and policies.
const TEXTS = [
  "I'm thinking about trying a different supplier. Your prices seem high compared to competitors.",
  "My last order took forever to ship. This is getting frustrating.",
  "What thread colors would you recommend based on my previous orders?",
  "Where is my order? It has been two weeks and I have no tracking number.",
  "I would like a refund for the damaged items in my last order.",
  "Please cancel my subscription, I don't need these products anymore.",
  "Do you have a discount for repeat customers? I order every month.",
  "The package arrived but two items were missing.",
];

/** mulberry32: a small seeded PRNG, so every run sends the same stream. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds the stream.
 * @param customers demo customers' emails (requesters are spread over them)
 * @param n distinct tickets
 * @param repeatShare share of events delivered a second time (0.1 = 10%)
 * @param newShare share of requesters unknown to the store (they become new customers)
 */
export function buildStream(customers: { email: string; firstName: string | null }[], n: number, repeatShare: number, seed: number, newShare = 0.05): Stream {
  const rand = prng(seed);
  const users: FakeUser[] = [];
  const events: WebhookEvent[] = [];
  const keyed: { key: number; idx: number }[] = [];
  let repeats = 0;
  for (let i = 0; i < n; i++) {
    const ticketId = String(7_000_000 + i);
    const requesterId = String(90_000_000 + i);
    const known = rand() >= newShare && customers.length > 0;
    const c = customers[Math.floor(rand() * customers.length)];
    users.push(known ? [requesterId, c!.email, c!.firstName ?? "Customer"] : [requesterId, `bench-new-${i}@new-customers.example`, "Sam New"]);
    const eventId = `01HBENCH${String(i).padStart(8, "0")}CREATED`;
    const body = JSON.stringify(zendeskTicketCreated(ticketId, requesterId, TEXTS[i % TEXTS.length]!, eventId));
    events.push({ ticketId, eventId, body });
    keyed.push({ key: i, idx: i });
    if (rand() < repeatShare) {
      // The retry arrives 1 to ~2,000 deliveries later: some while the original is still in
      // flight (the unique-index race), most after it was stored and queued.
      const gap = rand() < 0.2 ? 1 + Math.floor(rand() * 8) : 10 + Math.floor(rand() * 2000);
      keyed.push({ key: i + gap + 0.5, idx: i });
      repeats++;
    }
  }
  keyed.sort((a, b) => a.key - b.key);
  return { events, order: keyed.map((k) => k.idx), repeats, users };
}

/** Headers for one delivery signed now (Zendesk: HMAC-SHA256 of timestamp + body). */
export function sign(ev: WebhookEvent, at = new Date(), secret = ZENDESK_TEST_SECRET): Record<string, string> {
  return zendeskHeaders(ev.body, at, secret);
}
