/** German commitment sentences (reviewed; see types.ts). */
import type { CommitmentPhrases } from "./types";

export const de: CommitmentPhrases = {
  discount: (p) => `Als Dankeschön biete ich Ihnen gern ${p} % Rabatt auf Ihre nächste Bestellung an.`,
  discountWithShipping: (p) => `Als Entschädigung biete ich Ihnen ${p} % Rabatt auf Ihre nächste Bestellung an, mit kostenlosem Versand.`,
  freeShipping: "Außerdem biete ich Ihnen kostenlosen Versand für Ihre nächste Bestellung an.",
  code: (ph) => `Ihr persönlicher Code lautet ${ph}: Geben Sie ihn an der Kasse ein.`,
  filledCode: (c, u) => `${c} (einmal einlösbar, bis zum ${u})`,
  codeLine: (c, u) => `Ihr persönlicher Code lautet ${c}: Geben Sie ihn an der Kasse ein. Er ist einmal einlösbar, bis zum ${u}.`,
  managerFollowUp: "Ich habe außerdem eine Führungskraft gebeten, sich persönlich bei Ihnen zu melden.",
  escalation: "Ich habe Ihr Anliegen an eine Führungskraft weitergegeben, die sich persönlich darum kümmert.",
  action: {
    refund: "Eine Kollegin oder ein Kollege hat die Erstattung für diese Bestellung freigegeben; Sie erhalten eine Bestätigung, sobald sie ausgeführt ist.",
    replacement: "Eine Kollegin oder ein Kollege hat einen Ersatz für diese Bestellung freigegeben; Sie erhalten eine Bestätigung beim Versand.",
    return_label: "Eine Kollegin oder ein Kollege hat Ihre Rücksendung freigegeben; das Rücksendeetikett folgt in einer eigenen E-Mail.",
  },
};
