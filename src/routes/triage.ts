import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { safeText } from "../http/input";
import { apiKeySecurity, jsonRequest, jsonRequestBody, jsonResponse, openApiRouter, problemResponses } from "../http/openapi";
import { TriageJsonSchema } from "./schemas";

export const triageRoutes = openApiRouter();

/**
 * POST /v1/triage `{ text }`: family and intent with their calibrated `confidence`, `unclear`
 * (the classifier abstained: family other, intent unclear; the agent decides), `runner_up` (the
 * best other reading), `retention` (probability and the phrases that signal leaving or a price
 * objection), sentiment, urgency, language (`und` for too few words), and which classifier
 * answered (with an LLM, `disagreement` holds the offline reading when it differs).
 */
const triageRoute = createRoute({
  method: "post",
  path: "/",
  tags: ["triage"],
  summary: "Classify a ticket's text (nothing is stored)",
  security: apiKeySecurity,
  middleware: [jsonRequest] as const,
  request: { body: jsonRequestBody(z.object({ text: safeText().trim().min(1, "text must not be empty").max(100_000) })) },
  responses: { 200: jsonResponse(TriageJsonSchema, "The reading"), ...problemResponses(400, 401, 413, 415) },
});

triageRoutes.openapi(triageRoute, async (c) => {
  const { text } = c.req.valid("json");
  return c.json(await c.var.services.classifier.classify(text), 200);
});
