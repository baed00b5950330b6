import { z } from "zod";
import { boundedInstant, httpUrl, safeId, safeText } from "../http/input";

/**
 * The product's own ticket shape (POST /v1/tickets). Helpdesk adapters map their payloads to it.
 * Every text refuses NUL and lone surrogates, ids refuse control characters, `created_at` is 1970
 * to 2100 and `helpdesk_url` is http(s) (src/http/input.ts).
 */
export const TicketInputSchema = z.object({
  external_id: safeId(200, "external_id"),
  source: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .regex(/^[a-z0-9][a-z0-9_.-]*$/, "lower-case letters, digits, '_', '.' or '-'"),
  requester: z
    .object({
      email: safeText().trim().email().max(320).optional(),
      customer_id: safeId(200, "customer_id").optional(),
      name: safeText().trim().max(200).optional(),
    })
    .refine((r) => r.email !== undefined || r.customer_id !== undefined, { message: "requester needs an email or a customer_id", path: ["email"] }),
  subject: safeText().max(1000),
  body: safeText().trim().min(1, "body must not be empty").max(100_000),
  channel: safeText().trim().max(50).optional(),
  created_at: boundedInstant().optional(),
  helpdesk_url: httpUrl(2000).optional(),
});

export type TicketInput = z.infer<typeof TicketInputSchema>;
