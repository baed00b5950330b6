/**
 * Helpdesk configuration: a zod fragment to merge into `EnvSchema` (src/config/env.ts), and the
 * typed `HelpdeskConfig` built from it. A vendor is enabled when its webhook secret is set; it can
 * post back when its API credentials are set too.
 */
import { z } from "zod";

const opt = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
const optUrl = opt.pipe(z.string().url().optional());
/** Shared secrets for unsigned vendors must be long enough not to be guessed. */
const sharedSecret = opt.pipe(z.string().min(24, "must be at least 24 characters").optional());

export const HelpdeskEnvSchema = z.object({
  /** public: a reply the customer sees; internal: a note for the agent (Front: a draft vs a comment). */
  HELPDESK_REPLY_MODE: z.enum(["public", "internal"]).default("internal"),
  /** on: write the decision as tags (copilot:offer-15, copilot:escalate, copilot:churn-high). */
  HELPDESK_TAGGING: z.enum(["on", "off"]).default("off"),
  /** Job tries before the dead letter, and the first back-off (ms, doubled per try). */
  HELPDESK_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  HELPDESK_JOB_BACKOFF_MS: z.coerce.number().int().min(10).default(2000),
  HELPDESK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Reject signed webhooks whose timestamp is older (or further ahead) than this, seconds. */
  HELPDESK_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(10).default(300),

  ZENDESK_WEBHOOK_SECRET: opt,
  ZENDESK_SUBDOMAIN: opt,
  ZENDESK_EMAIL: opt,
  ZENDESK_API_TOKEN: opt,
  /** Overrides https://{ZENDESK_SUBDOMAIN}.zendesk.com (tests, proxies). */
  ZENDESK_API_URL: optUrl,

  HELPSCOUT_WEBHOOK_SECRET: opt,
  HELPSCOUT_APP_ID: opt,
  HELPSCOUT_APP_SECRET: opt,
  HELPSCOUT_API_URL: optUrl,

  FRONT_WEBHOOK_SECRET: opt,
  FRONT_API_TOKEN: opt,
  /** The channel Front drafts are created on (public mode); the conversation's default when unset. */
  FRONT_CHANNEL_ID: opt,
  FRONT_API_URL: optUrl,

  GORGIAS_WEBHOOK_SECRET: sharedSecret,
  GORGIAS_DOMAIN: opt,
  GORGIAS_EMAIL: opt,
  GORGIAS_API_KEY: opt,
  GORGIAS_API_URL: optUrl,

  FRESHDESK_WEBHOOK_SECRET: sharedSecret,
  FRESHDESK_DOMAIN: opt,
  FRESHDESK_API_KEY: opt,
  FRESHDESK_API_URL: optUrl,
});

export type HelpdeskEnv = z.infer<typeof HelpdeskEnvSchema>;

export const VENDORS = ["zendesk", "gorgias", "helpscout", "freshdesk", "front"] as const;
export type Vendor = (typeof VENDORS)[number];

export interface VendorConfig {
  /** The webhook signing key (Zendesk, Help Scout, Front) or shared header secret (Gorgias, Freshdesk). */
  webhookSecret: string;
  /** API base URL without a trailing slash, e.g. https://acme.zendesk.com; null: no posting back. */
  apiUrl: string | null;
  /** Vendor credentials: Zendesk email+token, Help Scout app id+secret, Front token, Gorgias email+key, Freshdesk key. */
  auth: { user?: string; secret?: string };
  /** Front: the channel for drafts. */
  channelId?: string;
}

export interface HelpdeskConfig {
  replyMode: "public" | "internal";
  tagging: boolean;
  toleranceSeconds: number;
  retry: { attempts: number; backoffMs: number };
  concurrency: number;
  vendors: Partial<Record<Vendor, VendorConfig>>;
}

const trim = (u: string) => u.replace(/\/+$/, "");

/** Builds the typed configuration from the parsed environment; a vendor without a webhook secret is disabled. */
export function helpdeskConfigFromEnv(env: HelpdeskEnv): HelpdeskConfig {
  const vendors: HelpdeskConfig["vendors"] = {};
  if (env.ZENDESK_WEBHOOK_SECRET) {
    const base = env.ZENDESK_API_URL ?? (env.ZENDESK_SUBDOMAIN ? `https://${env.ZENDESK_SUBDOMAIN}.zendesk.com` : null);
    vendors.zendesk = { webhookSecret: env.ZENDESK_WEBHOOK_SECRET, apiUrl: base && env.ZENDESK_API_TOKEN ? trim(base) : null, auth: { user: env.ZENDESK_EMAIL, secret: env.ZENDESK_API_TOKEN } };
  }
  if (env.HELPSCOUT_WEBHOOK_SECRET) {
    vendors.helpscout = {
      webhookSecret: env.HELPSCOUT_WEBHOOK_SECRET,
      apiUrl: env.HELPSCOUT_APP_ID && env.HELPSCOUT_APP_SECRET ? trim(env.HELPSCOUT_API_URL ?? "https://api.helpscout.net") : null,
      auth: { user: env.HELPSCOUT_APP_ID, secret: env.HELPSCOUT_APP_SECRET },
    };
  }
  if (env.FRONT_WEBHOOK_SECRET) {
    vendors.front = {
      webhookSecret: env.FRONT_WEBHOOK_SECRET,
      apiUrl: env.FRONT_API_TOKEN ? trim(env.FRONT_API_URL ?? "https://api2.frontapp.com") : null,
      auth: { secret: env.FRONT_API_TOKEN },
      channelId: env.FRONT_CHANNEL_ID,
    };
  }
  if (env.GORGIAS_WEBHOOK_SECRET) {
    const base = env.GORGIAS_API_URL ?? (env.GORGIAS_DOMAIN ? `https://${env.GORGIAS_DOMAIN}.gorgias.com` : null);
    vendors.gorgias = { webhookSecret: env.GORGIAS_WEBHOOK_SECRET, apiUrl: base && env.GORGIAS_API_KEY ? trim(base) : null, auth: { user: env.GORGIAS_EMAIL, secret: env.GORGIAS_API_KEY } };
  }
  if (env.FRESHDESK_WEBHOOK_SECRET) {
    const base = env.FRESHDESK_API_URL ?? (env.FRESHDESK_DOMAIN ? `https://${env.FRESHDESK_DOMAIN}.freshdesk.com` : null);
    vendors.freshdesk = { webhookSecret: env.FRESHDESK_WEBHOOK_SECRET, apiUrl: base && env.FRESHDESK_API_KEY ? trim(base) : null, auth: { secret: env.FRESHDESK_API_KEY } };
  }
  return {
    replyMode: env.HELPDESK_REPLY_MODE,
    tagging: env.HELPDESK_TAGGING === "on",
    toleranceSeconds: env.HELPDESK_WEBHOOK_TOLERANCE_SECONDS,
    retry: { attempts: env.HELPDESK_JOB_ATTEMPTS, backoffMs: env.HELPDESK_JOB_BACKOFF_MS },
    concurrency: env.HELPDESK_WORKER_CONCURRENCY,
    vendors,
  };
}
