/**
 * Serves profiles: cache first (Redis or memory), else computed from the stored orders with the
 * latest scoring run's model. The cache key carries the run id, so a new run invalidates every
 * cached profile at once; `invalidate` drops one customer's when their orders change.
 */
import type { Cache } from "../cache/types";
import type { Clock } from "../clock";
import type { Db } from "../db/types";
import { findCustomerById, loadCustomerHistory, type CustomerRow } from "../customers/repo";
import { latestModel } from "./runs";
import { buildProfile } from "./build";
import type { CustomerProfile, ProfileModel, ProfileStore } from "./types";

const RULES_ONLY: ProfileModel = {
  runId: null,
  model: "rules-v0",
  unit: "days",
  churnHorizonDays: 90,
  nextPurchaseDays: 30,
  expectedPurchasesDays: 90,
  clvMonths: 12,
  monthlyDiscountRate: 0.01,
  monthLength: 30,
  bgnbd: null,
  gammaGamma: null,
  rfmCutPoints: null,
  archetypeThresholds: null,
  churnCalibrator: null,
};

export class ProfileService implements ProfileStore {
  private model: { value: ProfileModel; loadedAt: number } | null = null;

  constructor(
    private readonly db: Db,
    private readonly cache: Cache,
    private readonly clock: Clock,
    private readonly opts: { ttlSeconds: number; currency: string; log?: (msg: string) => void },
  ) {}

  /** The current population model (re-read from the database at most every 60 s). */
  async currentModel(): Promise<ProfileModel> {
    const now = Date.now();
    if (!this.model || now - this.model.loadedAt > 60_000) {
      this.model = { value: (await latestModel(this.db)) ?? RULES_ONLY, loadedAt: now };
    }
    return this.model.value;
  }

  /** Forgets the loaded model (after a scoring run). */
  refreshModel(): void {
    this.model = null;
  }

  private key(runId: number | null, customerGid: string) {
    return `profile:${runId ?? 0}:${customerGid}`;
  }

  /**
   * The profile of a stored customer.
   * A cache failure is treated as a miss (logged): the database is the source of truth.
   */
  async forCustomer(customer: CustomerRow): Promise<CustomerProfile> {
    const model = await this.currentModel();
    const key = this.key(model.runId, customer.id);
    try {
      const hit = await this.cache.get<CustomerProfile>(key);
      if (hit) return hit;
    } catch (err) {
      this.opts.log?.(`profile cache read failed: ${(err as Error).message}`);
    }
    const history = await loadCustomerHistory(this.db, customer, this.opts.currency);
    const profile = buildProfile(history, model, this.clock.now());
    try {
      await this.cache.set(key, profile, this.opts.ttlSeconds);
    } catch (err) {
      this.opts.log?.(`profile cache write failed: ${(err as Error).message}`);
    }
    return profile;
  }

  /** The profile by customer id (GID or legacy id), or undefined for an unknown customer. */
  async byId(id: string): Promise<CustomerProfile | undefined> {
    const customer = await findCustomerById(this.db, id);
    return customer ? this.forCustomer(customer) : undefined;
  }

  /** Drops a customer's cached profile (their orders changed). */
  async invalidate(customerGid: string): Promise<void> {
    const model = await this.currentModel();
    await this.cache.del(this.key(model.runId, customerGid));
  }
}
