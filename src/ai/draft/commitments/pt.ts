/** Portuguese commitment sentences (reviewed; see types.ts). */
import type { CommitmentPhrases } from "./types";

export const pt: CommitmentPhrases = {
  discount: (p) => `Como agradecimento, gostaria de lhe oferecer ${p}% de desconto na sua próxima encomenda.`,
  discountWithShipping: (p) => `Para compensar, gostaria de lhe oferecer ${p}% de desconto na sua próxima encomenda, com portes grátis.`,
  freeShipping: "Gostaria também de lhe oferecer portes grátis na sua próxima encomenda.",
  code: (ph) => `O seu código pessoal é ${ph}: introduza-o no checkout.`,
  filledCode: (c, u) => `${c} (uma utilização, até ${u})`,
  codeLine: (c, u) => `O seu código pessoal é ${c}: introduza-o no checkout. Pode ser usado uma vez, até ${u}.`,
  managerFollowUp: "Pedi também a um responsável que entre em contacto consigo pessoalmente.",
  escalation: "Encaminhei o seu caso para um responsável, que o vai acompanhar pessoalmente.",
  action: {
    refund: "Um colega aprovou o reembolso desta encomenda; receberá uma confirmação quando for emitido.",
    replacement: "Um colega aprovou a substituição desta encomenda; receberá uma confirmação quando for enviada.",
    return_label: "Um colega aprovou a sua devolução; a etiqueta de devolução segue noutro e-mail.",
  },
};
