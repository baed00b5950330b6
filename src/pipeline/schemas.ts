import { z } from "zod";

/** The product's own ticket shape (POST /v1/tickets). Helpdesk adapters map their payloads to it. */
export const TicketInputSchema = z.object({
  external_id: z.string().trim().min(1).max(200),
  source: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .regex(/^[a-z0-9][a-z0-9_.-]*$/, "lower-case letters, digits, '_', '.' or '-'"),
  requester: z
    .object({
      email: z.string().trim().email().max(320).optional(),
      customer_id: z.string().trim().min(1).max(200).optional(),
      name: z.string().trim().max(200).optional(),
    })
    .refine((r) => r.email !== undefined || r.customer_id !== undefined, { message: "requester needs an email or a customer_id", path: ["email"] }),
  subject: z.string().max(1000),
  body: z.string().trim().min(1, "body must not be empty").max(100_000),
  channel: z.string().trim().max(50).optional(),
  created_at: z.string().datetime({ offset: true }).optional(),
  helpdesk_url: z.string().url().max(2000).optional(),
});

export type TicketInput = z.infer<typeof TicketInputSchema>;
