/**
 * Our own labelled examples, written for this project: the intents Bitext lacks (retention,
 * product information, chatter) and the way real customers write (public replies with handles,
 * links and emoji; chat; short e-mails; es/fr/de/pt). None is copied or paraphrased from the
 * real-support evaluation data: the product is judged on messages nobody here has seen.
 */
import type { LabelledText } from "../types";
import { EMAIL_EXAMPLES } from "./email-style";
import { SOCIAL_ACCOUNT_EXAMPLES } from "./social-account";
import { SOCIAL_COMPLAINT_EXAMPLES } from "./social-complaints";
import { SOCIAL_ORDER_EXAMPLES } from "./social-orders";
import { MORE_OTHER_EXAMPLES, SOCIAL_OTHER_EXAMPLES } from "./social-other";
import { SOCIAL_PRODUCT_EXAMPLES } from "./social-products";
import { SOCIAL_MORE_EXAMPLES } from "./social-more";
import { SOCIAL_RETENTION_EXAMPLES } from "./social-retention";
import { SOCIAL_SERVICE_EXAMPLES } from "./social-services";

export const OWN_EXAMPLES: readonly LabelledText[] = [
  ...EMAIL_EXAMPLES,
  ...SOCIAL_ORDER_EXAMPLES,
  ...SOCIAL_COMPLAINT_EXAMPLES,
  ...SOCIAL_RETENTION_EXAMPLES,
  ...SOCIAL_PRODUCT_EXAMPLES,
  ...SOCIAL_ACCOUNT_EXAMPLES,
  ...SOCIAL_OTHER_EXAMPLES,
  ...MORE_OTHER_EXAMPLES,
  ...SOCIAL_SERVICE_EXAMPLES,
  ...SOCIAL_MORE_EXAMPLES,
];
