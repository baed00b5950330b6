/**
 * The scoring runs the profiles are computed with (`scoring_runs`, written by src/jobs/score.ts).
 */
import { desc } from "drizzle-orm";
import { scoringRuns } from "../db/schema";
import type { Db } from "../db/types";
import type { ProfileModel } from "./types";

export type StoredParams = Omit<ProfileModel, "runId">;

/** The model profiles are computed with: the newest written run, or null when none exists. */
export async function latestModel(db: Db): Promise<ProfileModel | null> {
  const rows = await db.select().from(scoringRuns).orderBy(desc(scoringRuns.id)).limit(1);
  if (!rows.length) return null;
  return { ...(rows[0]!.params as StoredParams), runId: rows[0]!.id };
}
