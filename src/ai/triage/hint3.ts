/**
 * HINT3 (Arora, Shrivastava, Sinha & Kumar 2020, "HINT3: Raising the bar for Intent Detection in
 * the Wild", EMNLP Insights workshop; hellohaptik/HINT3, ODbL 1.0 / DbCL 1.0): real queries to two
 * live e-commerce chatbots, `sofmattress` (a mattress shop) and `curekart` (a health-products
 * shop), as copied to `../shared/data/real-support/hint3/v2/{train,test}/`.
 *
 * Their labels are mapped onto our families (and an intent each, for the intent model) by the
 * reviewed table below; each row says why. The rules are the ones the labelled tweets follow
 * (`../shared/data/real-support/README.md`): a question about an order in flight or its delivery
 * is order_status; availability, price, features and deals are product_question; payments,
 * instalments and referral credit are account_billing; contact requests and business enquiries
 * are other. `NO_NODES_DETECTED` marks out-of-scope queries: it has no family, and the eval counts
 * an abstention (`unclear`) or `other` as right for it.
 */
import { parse } from "csv-parse/sync";
import type { Intent, IntentFamily, LabelledText } from "./types";

export interface Hint3Mapping {
  family: IntentFamily;
  intent: Intent;
  why: string;
}

/** HINT3's out-of-scope label. */
export const HINT3_OUT_OF_SCOPE = "NO_NODES_DETECTED";

export const HINT3_DATASETS = ["sofmattress", "curekart"] as const;
export type Hint3Dataset = (typeof HINT3_DATASETS)[number];

const PRODUCT = (why: string): Hint3Mapping => ({ family: "product_question", intent: "product_info", why });

/** Label -> family and intent, per dataset. Every label of the train and test files is here. */
export const HINT3_MAP: Readonly<Record<Hint3Dataset, Readonly<Record<string, Hint3Mapping>>>> = {
  sofmattress: {
    "100_NIGHT_TRIAL_OFFER": PRODUCT("a pre-purchase question about the trial offer (a deal), answered from the product page"),
    ABOUT_SOF_MATTRESS: PRODUCT("what the brand's mattresses are"),
    CANCEL_ORDER: { family: "cancellation", intent: "cancel_order", why: "cancel an order" },
    CHECK_PINCODE: { family: "order_status", intent: "delivery_options", why: "whether the shop delivers to an area: Bitext's delivery_options" },
    COD: { family: "account_billing", intent: "check_payment_methods", why: "cash on delivery is a payment method" },
    COMPARISON: PRODUCT("comparing two products before buying"),
    DELAY_IN_DELIVERY: { family: "order_status", intent: "track_order", why: "a late delivery is order_status in the tweet labels" },
    DISTRIBUTORS: PRODUCT("where the product can be seen or bought (availability)"),
    EMI: { family: "account_billing", intent: "check_payment_methods", why: "paying in monthly instalments is a payment method" },
    ERGO_FEATURES: PRODUCT("a product's features"),
    LEAD_GEN: { family: "other", intent: "contact_customer_service", why: "'get in touch', 'call me', 'live agent': a contact request" },
    MATTRESS_COST: PRODUCT("the price of an item"),
    OFFERS: PRODUCT("asking about deals is a product question, not a price objection"),
    ORDER_STATUS: { family: "order_status", intent: "track_order", why: "where is my order" },
    ORTHO_FEATURES: PRODUCT("a product's features"),
    PILLOWS: PRODUCT("another product's availability and features"),
    PRODUCT_VARIANTS: PRODUCT("which variants exist"),
    RETURN_EXCHANGE: { family: "refund_return", intent: "get_refund", why: "returns, exchanges and refunds" },
    SIZE_CUSTOMIZATION: PRODUCT("whether a product comes in a custom size"),
    WARRANTY: PRODUCT("the warranty terms of a product, asked before buying"),
    WHAT_SIZE_TO_ORDER: { family: "product_question", intent: "product_recommendation", why: "which size to buy: a recommendation" },
  },
  curekart: {
    CALL_CENTER: { family: "other", intent: "contact_customer_service", why: "how to reach the call centre" },
    CANCEL_ORDER: { family: "cancellation", intent: "cancel_order", why: "cancel an order" },
    CHAT_WITH_AGENT: { family: "other", intent: "contact_human_agent", why: "asks for a person" },
    CHECK_PINCODE: { family: "order_status", intent: "delivery_options", why: "whether the shop delivers to an area" },
    CONSULT_START: { family: "product_question", intent: "product_recommendation", why: "asks for diet or product advice" },
    DELAY_IN_PARCEL: { family: "order_status", intent: "track_order", why: "a late parcel is order_status in the tweet labels" },
    EXPIRY_DATE: PRODUCT("a product's expiry date"),
    FRANCHISE: { family: "other", intent: "chatter", why: "a business enquiry (franchise, selling), not a customer support request" },
    IMMUNITY: { family: "product_question", intent: "product_recommendation", why: "which products help immunity" },
    INTERNATIONAL_SHIPPING: { family: "order_status", intent: "delivery_options", why: "where the shop ships" },
    MODES_OF_PAYMENTS: { family: "account_billing", intent: "check_payment_methods", why: "payment methods" },
    MODIFY_ADDRESS: { family: "order_status", intent: "change_shipping_address", why: "change an order's address" },
    ORDER_QUERY: { family: "order_status", intent: "track_order", why: "a question about a placed order" },
    ORDER_STATUS: { family: "order_status", intent: "track_order", why: "where is my order" },
    ORDER_TAKING: { family: "order_status", intent: "place_order", why: "whether an order can be placed: Bitext's place_order" },
    ORIGINAL_PRODUCT: PRODUCT("whether the products are genuine"),
    PAYMENT_AND_BILL: { family: "account_billing", intent: "get_invoice", why: "payments and bills, invoices" },
    PORTAL_ISSUE: { family: "service_complaint", intent: "complaint", why: "the site does not work: a broken site is a service complaint in the tweet labels" },
    RECOMMEND_PRODUCT: { family: "product_question", intent: "product_recommendation", why: "asks what to buy" },
    REFER_EARN: { family: "account_billing", intent: "edit_account", why: "referral credit is promo credit on the account" },
    REFUNDS_RETURNS_REPLACEMENTS: { family: "refund_return", intent: "get_refund", why: "refunds, returns and replacements" },
    RESUME_DELIVERY: { family: "order_status", intent: "delivery_period", why: "when deliveries start again" },
    SIDE_EFFECT: PRODUCT("a product's side effects"),
    SIGN_UP: { family: "account_billing", intent: "create_account", why: "create an account" },
    START_OVER: { family: "other", intent: "chatter", why: "a chatbot navigation command, not a request" },
    STORE_INFORMATION: PRODUCT("whether physical stores are open (where to buy)"),
    USER_GOAL_FORM: { family: "product_question", intent: "product_recommendation", why: "a fitness goal form that drives product advice" },
    WORK_FROM_HOME: { family: "other", intent: "chatter", why: "whether the office is open: not a support request about a purchase" },
  },
};

/** One HINT3 row: the query and its original label. */
export interface Hint3Row {
  text: string;
  label: string;
}

/**
 * Parse a HINT3 CSV (header `sentence,label`). Throws on a missing column; blank sentences are
 * skipped.
 */
export function parseHint3(csvText: string, source = "HINT3 CSV"): Hint3Row[] {
  const records = parse(csvText, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  const out: Hint3Row[] = [];
  for (const [i, r] of records.entries()) {
    if (r.sentence === undefined || r.label === undefined) throw new Error(`${source} row ${i + 2}: expected columns sentence,label`);
    if (r.sentence !== "") out.push({ text: r.sentence, label: r.label });
  }
  return out;
}

/**
 * HINT3 rows as labelled training texts through `HINT3_MAP`; out-of-scope rows are dropped.
 * @throws Error naming a label the map does not cover
 */
export function mapHint3(dataset: Hint3Dataset, rows: readonly Hint3Row[]): LabelledText[] {
  const map = HINT3_MAP[dataset];
  const out: LabelledText[] = [];
  for (const r of rows) {
    if (r.label === HINT3_OUT_OF_SCOPE) continue;
    const m = map[r.label];
    if (!m) throw new Error(`HINT3 ${dataset}: label ${r.label} has no mapping`);
    out.push({ text: r.text, intent: m.intent });
  }
  return out;
}
