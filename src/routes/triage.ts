import { Hono } from "hono";
import { z } from "zod";
import { jsonBody } from "../http/validate";
import type { AppEnv } from "../http/env";

export const triageRoutes = new Hono<AppEnv>();

/** POST /v1/triage `{ text }`: intent, family, sentiment, urgency, language, and which classifier answered. */
triageRoutes.post("/", async (c) => {
  const { text } = await jsonBody(c, z.object({ text: z.string().trim().min(1, "text must not be empty").max(100_000) }));
  return c.json(await c.var.services.classifier.classify(text));
});
