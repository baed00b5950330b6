/**
 * Where behavioural scores come from: ours (computed from the stored orders, src/profile/service.ts)
 * or an external Quimbi-compatible scores API (../shared/seeds/002: `GET {base}/api/mcp/customer/{id}`
 * with `X-API-Key`, answering `{ customer_id, archetype_id, lifetime_value, total_orders,
 * avg_order_value, days_since_last_purchase, customer_tenure_days, churn_risk_score }`).
 * Chosen by configuration (`SCORES_SOURCE`). The external source never replaces our exact order
 * aggregates; it supplies churn risk and archetype, and falls back to ours on a timeout, an error or
 * a malformed answer, saying so in `scores_source`.
 */
import { z } from "zod";
import type { CustomerRow } from "../customers/types";
import { legacyId } from "./build";
import type { CustomerProfile, ProfileStore, ScoresSource } from "./types";

export type { ScoresSource } from "./types";

/** Our own scores: the profile service as it is. */
export class InternalScores implements ScoresSource {
  readonly name = "internal";
  constructor(private readonly profiles: ProfileStore) {}
  async forCustomer(customer: CustomerRow) {
    return { ...(await this.profiles.forCustomer(customer)), scores_source: "internal" };
  }
}

/** The seed's response shape; extra fields are ignored. */
export const QuimbiCustomerSchema = z.object({
  customer_id: z.coerce.string(),
  archetype_id: z.string().nullable().optional(),
  lifetime_value: z.number().optional(),
  total_orders: z.number().int().optional(),
  avg_order_value: z.number().optional(),
  days_since_last_purchase: z.number().optional(),
  customer_tenure_days: z.number().optional(),
  churn_risk_score: z.number().min(0).max(1),
});

export interface QuimbiConfig {
  baseUrl: string;
  apiKey: string;
  /** Give up after this long and serve our own scores. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** The external scores API client, with our scores as the fallback. */
export class QuimbiScores implements ScoresSource {
  readonly name = "quimbi";
  constructor(
    private readonly cfg: QuimbiConfig,
    private readonly fallback: InternalScores,
  ) {}

  /**
   * @returns our profile with the API's churn risk and archetype, or our profile alone with
   *   `scores_source: "internal (quimbi unavailable: <why>)"` when the API fails
   */
  async forCustomer(customer: CustomerRow): Promise<CustomerProfile> {
    const ours = await this.fallback.forCustomer(customer);
    const url = `${this.cfg.baseUrl.replace(/\/+$/, "")}/api/mcp/customer/${encodeURIComponent(legacyId(customer.id))}`;
    try {
      const res = await (this.cfg.fetch ?? fetch)(url, {
        headers: { "X-API-Key": this.cfg.apiKey, Accept: "application/json" },
        signal: AbortSignal.timeout(this.cfg.timeoutMs),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const ext = QuimbiCustomerSchema.parse(await res.json());
      return {
        ...ours,
        churn_risk_score: ext.churn_risk_score,
        churn_calibrated: false,
        archetype_id: ext.archetype_id ?? null,
        archetype_label: null,
        archetype_levels: null,
        churn_model: "quimbi-api",
        scores_source: "quimbi",
      };
    } catch (err) {
      const e = err as Error;
      const why = e.name === "TimeoutError" ? `timeout after ${this.cfg.timeoutMs} ms` : e instanceof z.ZodError ? "malformed answer" : e.message;
      return { ...ours, scores_source: `internal (quimbi unavailable: ${why})` };
    }
  }
}
