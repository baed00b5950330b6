import { Hono } from "hono";
import { z } from "zod";
import { jsonBody } from "../http/validate";
import { safeText } from "../http/input";
import type { AppEnv } from "../http/env";

export const triageRoutes = new Hono<AppEnv>();

/**
 * POST /v1/triage `{ text }`: family and intent with their calibrated `confidence`, `unclear`
 * (the classifier abstained: family other, intent unclear; the agent decides), `runner_up` (the
 * best other reading), `retention` (probability and the phrases that signal leaving or a price
 * objection), sentiment, urgency, language (`und` for too few words), and which classifier
 * answered (with an LLM, `disagreement` holds the offline reading when it differs).
 */
triageRoutes.post("/", async (c) => {
  const { text } = await jsonBody(c, z.object({ text: safeText().trim().min(1, "text must not be empty").max(100_000) }));
  return c.json(await c.var.services.classifier.classify(text));
});
