/** French commitment sentences (reviewed; see types.ts). */
import type { CommitmentPhrases } from "./types";

export const fr: CommitmentPhrases = {
  discount: (p) => `Pour vous remercier, j'aimerais vous offrir ${p} % de réduction sur votre prochaine commande.`,
  discountWithShipping: (p) =>
    `Pour nous faire pardonner, j'aimerais vous offrir ${p} % de réduction sur votre prochaine commande, avec la livraison gratuite.`,
  freeShipping: "J'aimerais aussi vous offrir la livraison gratuite sur votre prochaine commande.",
  code: (ph) => `Votre code personnel est ${ph} : saisissez-le lors du paiement.`,
  filledCode: (c, u) => `${c} (utilisable une fois, jusqu'au ${u})`,
  codeLine: (c, u) => `Votre code personnel est ${c} : saisissez-le lors du paiement. Il est utilisable une fois, jusqu'au ${u}.`,
  managerFollowUp: "J'ai demandé à un responsable de vous contacter personnellement.",
  escalation: "J'ai transmis votre dossier à un responsable, qui s'en occupera personnellement.",
  action: {
    refund: "Un collègue a approuvé le remboursement de cette commande ; vous recevrez une confirmation lorsqu'il sera effectué.",
    replacement: "Un collègue a approuvé le remplacement de cette commande ; vous recevrez une confirmation à l'envoi.",
    return_label: "Un collègue a approuvé votre retour ; l'étiquette de retour suit dans un autre e-mail.",
  },
};
