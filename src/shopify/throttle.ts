/**
 * Pure rate-limit arithmetic for the Admin GraphQL API's leaky bucket
 * (https://shopify.dev/docs/api/usage/rate-limits#graphql-admin-api-rate-limits): every response
 * carries `extensions.cost.throttleStatus` = `{ maximumAvailable, currentlyAvailable, restoreRate }`
 * (points, points, points per second); a query whose requested cost exceeds what is available is
 * refused with a `THROTTLED` error. No I/O and no clock of its own: callers pass `nowMs`.
 */

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
}

/** `extensions.cost` of an Admin GraphQL response. */
export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

/**
 * The client's model of the shop's bucket, updated from every response. It never lets a request
 * go out that the bucket, as last reported and restored since, cannot hold.
 */
export class CostBucket {
  private status: ThrottleStatus | null = null;
  private observedAt = 0;

  /** Records the bucket as a response reported it at `nowMs` (ms). */
  observe(status: ThrottleStatus, nowMs: number): void {
    this.status = { ...status };
    this.observedAt = nowMs;
  }

  /** Points available at `nowMs`: the last report plus restoration, capped at the maximum; `Infinity` before any report. */
  available(nowMs: number): number {
    if (!this.status) return Infinity;
    const restored = (Math.max(0, nowMs - this.observedAt) / 1000) * this.status.restoreRate;
    return Math.min(this.status.maximumAvailable, this.status.currentlyAvailable + restored);
  }

  /**
   * Milliseconds to wait before a request of `cost` points fits (0 when it fits now). A cost above
   * the maximum is treated as the maximum (Shopify refuses such a query outright; waiting longer
   * would not help).
   */
  waitMs(cost: number, nowMs: number): number {
    if (!this.status || cost <= 0) return 0;
    const need = Math.min(cost, this.status.maximumAvailable) - this.available(nowMs);
    if (need <= 0) return 0;
    return Math.ceil((need / this.status.restoreRate) * 1000);
  }

  /** Books `cost` points as spent now (before the response tells the truth), so concurrent requests queue. */
  spend(cost: number, nowMs: number): void {
    if (!this.status) return;
    this.status = { ...this.status, currentlyAvailable: this.available(nowMs) - cost };
    this.observedAt = nowMs;
  }

  snapshot(): ThrottleStatus | null {
    return this.status ? { ...this.status } : null;
  }
}

/**
 * The wait after a `THROTTLED` refusal: the time for the bucket to restore the missing points
 * (`(requested - available) / restoreRate`), at least one second's restoration, plus jitter.
 */
export function throttledWaitMs(cost: QueryCost | undefined, random: () => number, jitterMs = 250): number {
  if (!cost) return 1000 + Math.floor(random() * jitterMs);
  const { currentlyAvailable, restoreRate, maximumAvailable } = cost.throttleStatus;
  const need = Math.max(Math.min(cost.requestedQueryCost, maximumAvailable) - currentlyAvailable, restoreRate);
  return Math.ceil((need / restoreRate) * 1000) + Math.floor(random() * jitterMs);
}
