/** Spanish commitment sentences (reviewed; see types.ts). */
import type { CommitmentPhrases } from "./types";

export const es: CommitmentPhrases = {
  discount: (p) => `Como agradecimiento, me gustaría ofrecerle un ${p}% de descuento en su próximo pedido.`,
  discountWithShipping: (p) => `Para compensarle, me gustaría ofrecerle un ${p}% de descuento en su próximo pedido, con envío gratuito.`,
  freeShipping: "También me gustaría ofrecerle el envío gratuito en su próximo pedido.",
  code: (ph) => `Su código personal es ${ph}: introdúzcalo al pagar.`,
  filledCode: (c, u) => `${c} (un solo uso, hasta el ${u})`,
  codeLine: (c, u) => `Su código personal es ${c}: introdúzcalo al pagar. Puede usarse una vez, hasta el ${u}.`,
  managerFollowUp: "He pedido a un responsable que se ponga en contacto con usted personalmente.",
  escalation: "He pasado su caso a un responsable, que lo revisará personalmente.",
  action: {
    refund: "Un compañero ha aprobado el reembolso de este pedido; recibirá una confirmación cuando se emita.",
    replacement: "Un compañero ha aprobado la sustitución de este pedido; recibirá una confirmación cuando se envíe.",
    return_label: "Un compañero ha aprobado su devolución; la etiqueta de devolución le llegará en otro correo.",
  },
};
