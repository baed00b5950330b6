/**
 * Helpdesk configuration: a zod fragment to merge into `EnvSchema` (src/config/env.ts), the
 * cross-field rules start-up checks (`helpdeskEnvProblems`), and the typed `HelpdeskConfig` built
 * from it. A vendor is enabled when its webhook secret is set; it can post back when its API
 * credentials are set too (Zendesk needs them from the start: its ticket events name the requester
 * by id only).
 */
import { z } from "zod";
import { isTimeZone } from "./timezone";

const opt = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
const optUrl = opt.pipe(z.string().url().optional());
/** Shared secrets for unsigned vendors must be long enough not to be guessed. */
const sharedSecret = opt.pipe(z.string().min(24, "must be at least 24 characters").optional());
/** An IANA time zone (Europe/London, America/New_York, UTC). */
const optZone = opt.pipe(z.string().refine(isTimeZone, "must be an IANA time zone, e.g. Europe/London or UTC").optional());

export const HelpdeskEnvSchema = z.object({
  /** public: a reply the customer sees; internal: a note for the agent (Front: a draft vs a comment). */
  HELPDESK_REPLY_MODE: z.enum(["public", "internal"]).default("internal"),
  /** on: write the decision as tags (copilot:offer-15, copilot:escalate, copilot:churn-high). */
  HELPDESK_TAGGING: z.enum(["on", "off"]).default("off"),
  /** Job tries before the dead letter, and the first back-off (ms, doubled per try). */
  HELPDESK_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  HELPDESK_JOB_BACKOFF_MS: z.coerce.number().int().min(10).default(2000),
  /**
   * Helpdesk jobs (drafting, posting) in flight per process. They wait on the model provider and
   * the helpdesks' APIs, not the CPU, so a 2-core process runs hundreds; the model gate
   * (OPENAI_RPM, OPENAI_TPM) sets the pace. CPU-bound work (scoring, imports) never runs here.
   * High enough that a backlog waits in the model gate, which orders it by the policy's priority,
   * rather than in the queue, which knows only the text's (the drafting bench at 2,000,000 TPM:
   * high-priority p95 106 s at 200, 40 s at 1,000).
   */
  HELPDESK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(5000).default(1000),
  /** Reject signed webhooks whose timestamp is older (or further ahead) than this, seconds. */
  HELPDESK_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(10).default(300),
  /**
   * The helpdesk account's time zone, for dates a vendor renders without an offset (Gorgias's
   * `{{ticket.created_datetime}}`: "2021-01-07T13:00:00.123456"); never the server's. Default UTC.
   * `<VENDOR>_TIMEZONE` overrides it for one vendor.
   */
  HELPDESK_TIMEZONE: optZone,

  ZENDESK_WEBHOOK_SECRET: opt,
  ZENDESK_SUBDOMAIN: opt,
  ZENDESK_EMAIL: opt,
  ZENDESK_API_TOKEN: opt,
  /** Overrides https://{ZENDESK_SUBDOMAIN}.zendesk.com (tests, proxies). */
  ZENDESK_API_URL: optUrl,
  ZENDESK_TIMEZONE: optZone,

  HELPSCOUT_WEBHOOK_SECRET: opt,
  /** An OAuth app's id and secret: posting replies, and reading the threads a webhook came without. */
  HELPSCOUT_APP_ID: opt,
  HELPSCOUT_APP_SECRET: opt,
  HELPSCOUT_API_URL: optUrl,
  HELPSCOUT_TIMEZONE: optZone,

  /** The signing key of a Front application's webhooks (X-Front-Signature over timestamp:body). */
  FRONT_WEBHOOK_SECRET: opt,
  /** The API secret of Front's Webhooks integration, which signs rule webhooks (HMAC-SHA1 of the body). */
  FRONT_RULE_WEBHOOK_SECRET: opt,
  FRONT_API_TOKEN: opt,
  /** The channel Front drafts are created on (public mode); the conversation's default when unset. */
  FRONT_CHANNEL_ID: opt,
  FRONT_API_URL: optUrl,
  FRONT_TIMEZONE: optZone,

  GORGIAS_WEBHOOK_SECRET: sharedSecret,
  GORGIAS_DOMAIN: opt,
  GORGIAS_EMAIL: opt,
  GORGIAS_API_KEY: opt,
  GORGIAS_API_URL: optUrl,
  GORGIAS_TIMEZONE: optZone,

  FRESHDESK_WEBHOOK_SECRET: sharedSecret,
  FRESHDESK_DOMAIN: opt,
  /** Posting replies, and reading a reply's conversation id (Freshdesk's placeholders carry none). */
  FRESHDESK_API_KEY: opt,
  FRESHDESK_API_URL: optUrl,
  FRESHDESK_TIMEZONE: optZone,
});

export type HelpdeskEnv = z.infer<typeof HelpdeskEnvSchema>;

export const VENDORS = ["zendesk", "gorgias", "helpscout", "freshdesk", "front"] as const;
export type Vendor = (typeof VENDORS)[number];

export interface VendorConfig {
  /**
   * The webhook signing key (Zendesk, Help Scout, Front applications) or shared header secret
   * (Gorgias, Freshdesk); "" when only Front rule webhooks are configured.
   */
  webhookSecret: string;
  /** Front: the API secret that signs rule webhooks; unset: rule webhooks are refused. */
  ruleSecret?: string;
  /** API base URL without a trailing slash, e.g. https://acme.zendesk.com; null: no posting back. */
  apiUrl: string | null;
  /**
   * Where agents open a ticket, without a trailing slash: https://acme.zendesk.com from
   * ZENDESK_SUBDOMAIN alone (no API credentials needed), else the API URL; null: unknown.
   */
  webUrl: string | null;
  /** IANA time zone of the helpdesk account, for dates rendered without an offset. */
  timeZone: string;
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

/**
 * Cross-field rules of the helpdesk variables, for `parseEnv`'s start-up check.
 * Zendesk: a webhook secret needs the API credentials. Zendesk's ticket events
 * (`zen:event-type:ticket.created`, https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/)
 * carry the requester's id and no email, so the requester is read through the Users API; without
 * credentials every such event would be acknowledged and then fail, and no reply could be posted.
 * @returns one line per problem, naming the variable; empty when there is none
 */
export function helpdeskEnvProblems(env: HelpdeskEnv): string[] {
  const problems: string[] = [];
  if (env.ZENDESK_WEBHOOK_SECRET) {
    const missing = [
      !env.ZENDESK_SUBDOMAIN && !env.ZENDESK_API_URL ? "ZENDESK_SUBDOMAIN" : null,
      !env.ZENDESK_EMAIL ? "ZENDESK_EMAIL" : null,
      !env.ZENDESK_API_TOKEN ? "ZENDESK_API_TOKEN" : null,
    ].filter((v): v is string => v !== null);
    for (const k of missing) {
      problems.push(
        `  ${k}: required when ZENDESK_WEBHOOK_SECRET is set (Zendesk's ticket events name the requester by id only; the service reads the email through the Users API and posts replies with these credentials)`,
      );
    }
  }
  return problems;
}

const zone = (env: HelpdeskEnv, own: string | undefined) => own ?? env.HELPDESK_TIMEZONE ?? "UTC";

/**
 * A hosted helpdesk's addresses: the account's own https://{name}.{host} for agents' links, and for
 * the API unless an API URL overrides it (a proxy, a test fake); without a name, the API URL for both.
 */
function hosted(name: string | undefined, host: string, apiUrl: string | undefined): { web: string | null; api: string | null } {
  const own = name ? `https://${name}.${host}` : null;
  return { web: own ?? apiUrl ?? null, api: apiUrl ?? own };
}

/** Builds the typed configuration from the parsed environment; a vendor without a webhook secret is disabled. */
export function helpdeskConfigFromEnv(env: HelpdeskEnv): HelpdeskConfig {
  const vendors: HelpdeskConfig["vendors"] = {};
  if (env.ZENDESK_WEBHOOK_SECRET) {
    const { web, api: base } = hosted(env.ZENDESK_SUBDOMAIN, "zendesk.com", env.ZENDESK_API_URL);
    vendors.zendesk = {
      webhookSecret: env.ZENDESK_WEBHOOK_SECRET,
      apiUrl: base && env.ZENDESK_API_TOKEN ? trim(base) : null,
      webUrl: web ? trim(web) : null,
      timeZone: zone(env, env.ZENDESK_TIMEZONE),
      auth: { user: env.ZENDESK_EMAIL, secret: env.ZENDESK_API_TOKEN },
    };
  }
  if (env.HELPSCOUT_WEBHOOK_SECRET) {
    vendors.helpscout = {
      webhookSecret: env.HELPSCOUT_WEBHOOK_SECRET,
      apiUrl: env.HELPSCOUT_APP_ID && env.HELPSCOUT_APP_SECRET ? trim(env.HELPSCOUT_API_URL ?? "https://api.helpscout.net") : null,
      webUrl: "https://secure.helpscout.net",
      timeZone: zone(env, env.HELPSCOUT_TIMEZONE),
      auth: { user: env.HELPSCOUT_APP_ID, secret: env.HELPSCOUT_APP_SECRET },
    };
  }
  if (env.FRONT_WEBHOOK_SECRET || env.FRONT_RULE_WEBHOOK_SECRET) {
    vendors.front = {
      webhookSecret: env.FRONT_WEBHOOK_SECRET ?? "",
      ruleSecret: env.FRONT_RULE_WEBHOOK_SECRET,
      apiUrl: env.FRONT_API_TOKEN ? trim(env.FRONT_API_URL ?? "https://api2.frontapp.com") : null,
      webUrl: "https://app.frontapp.com",
      timeZone: zone(env, env.FRONT_TIMEZONE),
      auth: { secret: env.FRONT_API_TOKEN },
      channelId: env.FRONT_CHANNEL_ID,
    };
  }
  if (env.GORGIAS_WEBHOOK_SECRET) {
    const { web, api: base } = hosted(env.GORGIAS_DOMAIN, "gorgias.com", env.GORGIAS_API_URL);
    vendors.gorgias = {
      webhookSecret: env.GORGIAS_WEBHOOK_SECRET,
      apiUrl: base && env.GORGIAS_API_KEY ? trim(base) : null,
      webUrl: web ? trim(web) : null,
      timeZone: zone(env, env.GORGIAS_TIMEZONE),
      auth: { user: env.GORGIAS_EMAIL, secret: env.GORGIAS_API_KEY },
    };
  }
  if (env.FRESHDESK_WEBHOOK_SECRET) {
    const { web, api: base } = hosted(env.FRESHDESK_DOMAIN, "freshdesk.com", env.FRESHDESK_API_URL);
    vendors.freshdesk = {
      webhookSecret: env.FRESHDESK_WEBHOOK_SECRET,
      apiUrl: base && env.FRESHDESK_API_KEY ? trim(base) : null,
      webUrl: web ? trim(web) : null,
      timeZone: zone(env, env.FRESHDESK_TIMEZONE),
      auth: { secret: env.FRESHDESK_API_KEY },
    };
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
