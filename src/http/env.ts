/**
 * The Hono env of the one app: what every router finds in `c.var`.
 */
import type { Services } from "../services";

export type AppEnv = {
  Variables: {
    /** The request's id (accepted from `X-Request-Id`, else generated), echoed in every problem. */
    requestId: string;
    services: Services;
    /** Who is acting: the API key's name, or the signed-in user's email. */
    actor: string;
  };
};
