/**
 * The console's Hono env and options. The console is a sub-app mounted at `/console` on the one app
 * (`createApp`), so it shares the request id, the services and the error handling of /v1.
 */
import type { SessionRow } from "../auth/sessions";
import type { UserRow } from "../auth/users";
import type { SignInLimits } from "../auth/rate-limit";
import type { ScryptParams } from "../auth/password";
import type { DraftRow } from "../drafts/repo";
import type { PolicyStore } from "../settings/policy-versions";
import type { Services } from "../services";

export interface ConsoleOptions {
  /** jsdiff's browser build (`window.Diff`), for the live edit diff; supplied by the entry point. */
  diffScript?: () => string;
  /** Versioned policy settings; the policy page is read-only without it. */
  policyStore?: PolicyStore;
  /**
   * Secure cookies (`__Host-` prefix, `Secure`). On by default; browsers accept Secure cookies
   * from http://localhost, so the embedded default works. Turn off only behind plain HTTP on
   * another host name (not recommended).
   */
  secureCookies?: boolean;
  /** Sign-in rate limit (defaults: 5 failures per email, 50 per address, per 15 minutes). */
  signInLimits?: SignInLimits;
  /** Password hashing parameters (default: OWASP's scrypt minimum). */
  scrypt?: ScryptParams;
  /** Wall clock for sessions and rate limits (the store clock may be stopped at its as-of date). */
  now?: () => Date;
  /** The client address for the rate limit (default: the Node socket's remote address). */
  clientIp?: (req: Request, env: unknown) => string;
  /**
   * The AI layer's regeneration (src/pipeline/regenerate.ts); without it the control is disabled.
   * `onProvisional` receives the model's unchecked text as it is written (the provisional pane).
   */
  regenerateDraft?: (s: Services, draftId: string, instruction: string, actor: string, onProvisional?: (text: string) => void) => Promise<DraftRow>;
  /** Re-sends an approved_unsent draft through the helpdesk and Shopify; without it the retry is disabled. */
  retrySend?: (s: Services, draftId: string, actor: string) => Promise<unknown>;
}

export type ConsoleEnv = {
  Variables: {
    requestId: string;
    services: Services;
    actor: string;
    user: UserRow | null;
    session: SessionRow | null;
    /** The session's CSRF token, or the sign-in form's. */
    csrf: string;
    opts: Required<Pick<ConsoleOptions, "secureCookies" | "now">> & ConsoleOptions;
  };
};
