/** English commitment sentences (reviewed; see types.ts for what each one commits to). */
import type { CommitmentPhrases } from "./types";

export const en: CommitmentPhrases = {
  discount: (p) => `As a thank-you, I'd like to offer you ${p}% off your next order.`,
  discountWithShipping: (p) => `To make up for it, I'd like to offer you ${p}% off your next order, with free shipping.`,
  freeShipping: "I'd also like to offer you free shipping on your next order.",
  code: (ph) => `Your personal code is ${ph}: enter it at checkout.`,
  filledCode: (c, u) => `${c} (one use, until ${u})`,
  codeLine: (c, u) => `Your personal code is ${c}: enter it at checkout. It can be used once, until ${u}.`,
  managerFollowUp: "I've also asked a manager to contact you personally to follow up.",
  escalation: "I've passed this to a manager, who will look into it personally.",
  action: {
    refund: "A colleague has approved a refund for this order; you'll receive a confirmation when it is issued.",
    replacement: "A colleague has approved a replacement for this order; you'll receive a confirmation when it is sent.",
    return_label: "A colleague has approved your return; the return label follows in a separate email.",
  },
};
