/**
 * Builds one customer's profile from their orders and refunds, a stored population model and the
 * as-of date. Pure: no I/O, same input -> same output.
 */
import {
  applyIsotonic,
  archetypeAxes,
  assignArchetype,
  clv,
  expectedAverageOrderValue,
  expectedPurchases,
  pAlive,
  probNoPurchase,
  rfmScore,
  summarize,
  unitDays,
} from "../scoring";
import type { CustomerHistory, CustomerProfile, ProfileModel } from "./types";
import { one } from "../lib/one";

const DAY_MS = 86_400_000;
const major = (minor: number) => Math.round(minor) / 100;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** "gid://shopify/Customer/17580" -> "17580". */
export function legacyId(gid: string): string {
  const i = gid.lastIndexOf("/");
  return i >= 0 ? gid.slice(i + 1) : gid;
}

/**
 * The seed's rule of thumb (../shared/seeds/003, CustomerIntelligenceService.calculateChurnProbability):
 * 0.8 past 180 idle days, 0.6 past 90, 0.4 past 60, 0.2 past 30, else 0.1; times 0.5 for more than
 * 4 purchases per period and 0.7 for more than 2. The seed leaves the period unsaid; we read
 * `purchaseFrequency` as orders per 30 days of tenure. Labelled `rules-v0`: not a fitted model.
 */
export function rulesV0ChurnRisk(daysSinceLastPurchase: number, purchasesPer30Days: number): number {
  let p = daysSinceLastPurchase > 180 ? 0.8 : daysSinceLastPurchase > 90 ? 0.6 : daysSinceLastPurchase > 60 ? 0.4 : daysSinceLastPurchase > 30 ? 0.2 : 0.1;
  if (purchasesPer30Days > 4) p *= 0.5;
  else if (purchasesPer30Days > 2) p *= 0.7;
  return Math.min(p, 1);
}

/**
 * Computes a profile.
 * @param history the customer's orders and refunds (minor units); orders after `asOf` are ignored
 * @param model the latest scoring run's parameters (or a rules-v0 model with RFM cut points)
 * @param asOf the clock's now
 * @returns exact aggregates plus model scores; model fields are null with `unscored_reason` when the
 *   customer has no orders on or before `asOf`
 */
export function buildProfile(history: CustomerHistory, model: ProfileModel, asOf: Date): CustomerProfile {
  const asOfMs = asOf.getTime();
  const orders = history.orders.filter((o) => o.processedAt.getTime() <= asOfMs).sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime());
  const refunds = history.refunds.filter((r) => r.processedAt.getTime() <= asOfMs);
  const gross = orders.reduce((s, o) => s + o.totalMinor, 0);
  const refunded = refunds.reduce((s, r) => s + r.amountMinor, 0);
  const ltv = gross - refunded;
  const n = orders.length;
  const first = n ? orders[0]!.processedAt : null;
  const last = n ? orders[n - 1]!.processedAt : null;
  const recency = last ? Math.floor((asOfMs - last.getTime()) / DAY_MS) : null;
  const tenure = first ? Math.floor((asOfMs - first.getTime()) / DAY_MS) : null;
  const frequency30 = n ? (n / Math.max(tenure ?? 0, 30)) * 30 : 0;
  const aov = n ? Math.round(gross / n) : 0;

  const profile: CustomerProfile = {
    customer_id: legacyId(history.customerGid),
    customer_gid: history.customerGid,
    email: history.email,
    first_name: history.firstName,
    country: history.country,
    currency: history.currency,
    as_of: asOf.toISOString(),
    lifetime_value: major(ltv),
    lifetime_value_minor: ltv,
    gross_sales_minor: gross,
    total_orders: n,
    avg_order_value: major(aov),
    avg_order_value_minor: aov,
    days_since_last_purchase: recency,
    customer_tenure_days: tenure,
    first_order_at: first?.toISOString() ?? null,
    last_order_at: last?.toISOString() ?? null,
    purchase_frequency_30d: round4(frequency30),
    refund_count: refunds.length,
    refund_amount: major(refunded),
    refund_amount_minor: refunded,
    rfm_recency: null,
    rfm_frequency: null,
    rfm_monetary: null,
    rfm_score: null,
    rfm_segment: null,
    churn_risk_score: null,
    churn_calibrated: false,
    p_alive: null,
    next_purchase_30d: null,
    expected_purchases_90d: null,
    predicted_clv_12m: null,
    predicted_clv_12m_minor: null,
    archetype_id: null,
    archetype_label: null,
    archetype_levels: null,
    churn_model: model.model === "rules-v0" ? "rules-v0" : `${model.model} (run ${model.runId})`,
    scoring_run_id: model.runId,
    unscored_reason: null,
    stale: false,
  };
  if (!n) {
    profile.unscored_reason = "no orders on or before the as-of date";
    return profile;
  }

  const archetypeOrders = orders.map((o) => ({ at: o.processedAt, amount: o.totalMinor, productIds: o.productIds }));
  const axes = archetypeAxes(archetypeOrders, refunded, asOf);
  if (model.rfmCutPoints) {
    const rfm = rfmScore(model.rfmCutPoints, { recencyDays: axes.recencyDays, frequency: axes.orders, monetary: axes.ltv });
    profile.rfm_recency = rfm.r;
    profile.rfm_frequency = rfm.f;
    profile.rfm_monetary = rfm.m;
    profile.rfm_score = `${rfm.r}-${rfm.f}-${rfm.m}`;
    profile.rfm_segment = rfm.segment;
  }
  if (model.archetypeThresholds) {
    const a = assignArchetype(model.archetypeThresholds, axes);
    profile.archetype_id = a.id;
    profile.archetype_label = a.label;
    profile.archetype_levels = a.levels;
  }

  if (model.model === "rules-v0" || !model.bgnbd) {
    profile.churn_risk_score = rulesV0ChurnRisk(recency!, frequency30);
    return profile;
  }

  const s = one(
    summarize(
      orders.map((o) => ({ customerId: history.customerGid, at: o.processedAt, amount: o.totalMinor })),
      asOf,
      model.unit,
    ).customers,
    "customer summary",
  );
  const perUnit = unitDays(model.unit);
  const p = model.bgnbd;
  let churn = probNoPurchase(p, model.churnHorizonDays / perUnit, s.x, s.t_x, s.T);
  if (model.churnCalibrator) {
    churn = applyIsotonic(model.churnCalibrator, churn);
    profile.churn_calibrated = true;
  }
  profile.churn_risk_score = round4(churn);
  profile.p_alive = round4(pAlive(p, s.x, s.t_x, s.T));
  profile.next_purchase_30d = round4(1 - probNoPurchase(p, model.nextPurchaseDays / perUnit, s.x, s.t_x, s.T));
  profile.expected_purchases_90d = round4(expectedPurchases(p, model.expectedPurchasesDays / perUnit, s.x, s.t_x, s.T));
  if (model.gammaGamma) {
    const eAov = expectedAverageOrderValue(model.gammaGamma, s.monetaryDays, s.monetary);
    const value = Math.round(
      clv(p, eAov, s.x, s.t_x, s.T, { months: model.clvMonths, monthlyDiscountRate: model.monthlyDiscountRate, monthLength: model.monthLength }),
    );
    profile.predicted_clv_12m_minor = value;
    profile.predicted_clv_12m = major(value);
  }
  return profile;
}
