import type { Intent, IntentFamily } from "./types";

/**
 * Intent -> family. The family decides routing and which policy applies, so the groups follow what
 * an agent does next rather than Bitext's own categories:
 *
 * - retention_risk: the customer signals they may stop buying (price objections, competitors,
 *   "thinking about trying a different supplier"). The retention policy looks at these first.
 * - service_complaint: `complaint`. Our retention examples teach it real complaints (slow or late
 *   shipping, damaged goods, poor support), not only Bitext's "how do I file a complaint".
 * - order_status: everything about an order in flight or about to be placed, including delivery
 *   options/periods and shipping addresses, since the agent answers them from the order record.
 * - refund_return: refunds and the refund policy.
 * - cancellation: cancelling an order and its fee.
 * - product_question: product recommendations (what to buy next, what goes with past orders) and
 *   product information (availability, price of an item, how to use it, deals).
 * - account_billing: account lifecycle, payments and invoices (Bitext's ACCOUNT, PAYMENT, INVOICE).
 * - other: newsletter, reviews, contact requests, chatter (praise, thanks, jokes, promotions) and
 *   `unclear` (the classifier abstained). A negative review stays `other`: the sentiment and
 *   urgency fields carry the tone, and the family stays a function of the intent.
 *
 * The same families label the real-text evaluation data (`../shared/data/real-support/README.md`).
 */
export const FAMILY_OF_INTENT: Readonly<Record<Intent, IntentFamily>> = {
  price_objection: "retention_risk",
  considering_leaving: "retention_risk",

  complaint: "service_complaint",

  track_order: "order_status",
  delivery_period: "order_status",
  delivery_options: "order_status",
  change_order: "order_status",
  change_shipping_address: "order_status",
  set_up_shipping_address: "order_status",
  place_order: "order_status",

  get_refund: "refund_return",
  track_refund: "refund_return",
  check_refund_policy: "refund_return",

  cancel_order: "cancellation",
  check_cancellation_fee: "cancellation",

  product_recommendation: "product_question",
  product_info: "product_question",

  create_account: "account_billing",
  delete_account: "account_billing",
  edit_account: "account_billing",
  recover_password: "account_billing",
  registration_problems: "account_billing",
  switch_account: "account_billing",
  check_payment_methods: "account_billing",
  payment_issue: "account_billing",
  check_invoice: "account_billing",
  get_invoice: "account_billing",

  newsletter_subscription: "other",
  review: "other",
  contact_customer_service: "other",
  contact_human_agent: "other",
  chatter: "other",
  unclear: "other",
};

/** The family of an intent (total over `INTENTS`). */
export function familyOf(intent: Intent): IntentFamily {
  return FAMILY_OF_INTENT[intent];
}

/** The intents of a family, in `INTENTS` order. */
export function intentsOf(family: IntentFamily): Intent[] {
  return (Object.keys(FAMILY_OF_INTENT) as Intent[]).filter((i) => FAMILY_OF_INTENT[i] === family);
}
