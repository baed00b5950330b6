/**
 * The situations the drafting-guard eval cases are written against: the seed's customer 17580 with
 * each of the three seed decisions and with none, a new customer, and a customer with a tracked
 * parcel. A case names its context and its language; the facts are the real demo-store facts of
 * 17580 (as buildDraftFacts gives them) so the cases read as drafts of real tickets.
 */
import { renderCommitments, type RenderedCommitments } from "../src/ai/draft/commitments";
import type { DraftFacts } from "../src/ai/draft/facts";
import type { Decision } from "../src/policy/types";

const ORDERS_17580: DraftFacts["recent_orders"] = [
  { name: "#548640", date: "2011-04-01", total: "£47.70", products: ["6 Egg House Painted Wood"], fulfillment_status: "FULFILLED", tracking: [] },
  {
    name: "#542717",
    date: "2011-01-31",
    total: "£121.17",
    products: [
      "S/4 Valentine Decoupage Heart Box",
      "Pack 20 English Rose Paper Napkins",
      "Pack of 20 Napkins Pantry Design",
      "Heart of Wicker Large",
      "Heart of Wicker Small",
    ],
    fulfillment_status: "FULFILLED",
    tracking: [],
  },
  {
    name: "#539269",
    date: "2010-12-16",
    total: "£46.85",
    products: ["Grey Heart Hot Water Bottle", "Retrospot Heart Hot Water Bottle", "3 White Choc Morris Boxed Candles"],
    fulfillment_status: "FULFILLED",
    tracking: [],
  },
];

const base17580 = (): Omit<DraftFacts, "offer" | "language"> => ({
  tone: "They may be drifting away, so be especially warm and show we value them.",
  first_name: null,
  order_count: 3,
  first_order_date: "2010-12-16",
  last_order_date: "2011-04-01",
  recent_orders: ORDERS_17580,
  favourite_products: [
    "6 Egg House Painted Wood",
    "S/4 Valentine Decoupage Heart Box",
    "Pack 20 English Rose Paper Napkins",
    "Pack of 20 Napkins Pantry Design",
  ],
});

export const decision = (over: Partial<Decision> = {}): Decision => ({
  offer_discount: false,
  discount_percent: 0,
  free_shipping: false,
  escalate: false,
  follow_up: false,
  follow_up_owner: null,
  priority: "normal",
  priority_score: 40,
  churn_band: "medium",
  reasons: [],
  offer_rule: null,
  policy_version: "eval",
  ...over,
});

const DECISIONS: Record<string, Decision> = {
  s1: decision({ offer_discount: true, discount_percent: 15, offer_rule: "retention_offer" }),
  s2: decision({ offer_discount: true, discount_percent: 10, offer_rule: "reengagement" }),
  s3: decision({
    offer_discount: true,
    discount_percent: 15,
    free_shipping: true,
    escalate: true,
    follow_up: true,
    follow_up_owner: "manager",
    offer_rule: "service_recovery",
  }),
  none: decision(),
  new: decision(),
  track: decision(),
};

export type ContextName = keyof typeof DECISIONS;

export interface GuardContext {
  facts: DraftFacts;
  decision: Decision;
  commitments: RenderedCommitments;
}

/** The facts, decision and rendered block of a named context in a language. */
export function guardContext(name: string, language: string): GuardContext {
  const d = DECISIONS[name];
  if (!d) throw new Error(`unknown guard eval context ${name}`);
  const offer = { discount_percent: d.discount_percent, free_shipping: d.free_shipping, escalate: d.escalate, follow_up_owner: d.follow_up_owner };
  let facts: DraftFacts;
  if (name === "new") {
    facts = {
      tone: "Welcoming and helpful.",
      first_name: "Lena",
      language,
      order_count: 0,
      first_order_date: null,
      last_order_date: null,
      recent_orders: [],
      favourite_products: [],
      offer,
    };
  } else if (name === "track") {
    facts = {
      tone: "Friendly and efficient.",
      first_name: "Ana",
      language,
      order_count: 1,
      first_order_date: "2026-03-02",
      last_order_date: "2026-03-02",
      recent_orders: [
        {
          name: "#1042",
          date: "2026-03-02",
          total: "€58.40",
          products: ["Linen Tea Towel", "Enamel Mug"],
          fulfillment_status: "FULFILLED",
          tracking: [{ company: "DPD", number: "15501234567890", url: "https://tracking.dpd.de/status/15501234567890", delivered: false }],
        },
      ],
      favourite_products: ["Linen Tea Towel", "Enamel Mug"],
      offer,
    };
  } else {
    facts = { ...base17580(), language, offer };
  }
  return { facts, decision: d, commitments: renderCommitments(d, language) };
}
