/**
 * Reviewed holding replies for hand-over tickets, per category and language. Each acknowledges the
 * message, says who will handle it and that they will be in touch, and nothing else: no promise of
 * an outcome or a date, no order recap, no offer, no admission. `{team}` is the owner's team in the
 * reply's language (holding.ts). The safety reply points to emergency help in neutral terms.
 *
 * Reviewed against: the issue's brief (#18); Samaritans' media and online guidance (point to help,
 * do not describe methods, do not promise confidentiality); the ICO's guidance on subject access
 * requests (acknowledge, do not ask for more than is needed to identify the requester).
 */
import type { HandoverCategory } from "./types";

/** Bump when a template's wording changes: stored with every holding draft (its prompt version). */
export const HOLDING_TEMPLATES_VERSION = "2";

/**
 * The emergency numbers the safety reply may give, with where they apply: the one source the guard
 * grounds a holding reply's numbers and places on (a policy's own wording may use these and no other).
 */
export const EMERGENCY_NUMBERS = {
  id: "handover:emergency-numbers",
  text: "Emergency numbers: 112 in Europe, 999 in the UK, 911 in the US and Canada.",
} as const;

export const HOLDING_LANGUAGES = ["en", "es", "fr", "de", "pt"] as const;
export type HoldingLanguage = (typeof HOLDING_LANGUAGES)[number];

export interface LanguageFrame {
  greet: (name: string | null) => string;
  sign: string;
  /** The owner's team, by owner id; `other` for an owner we have no name for. */
  teams: Record<string, string>;
}

export const FRAMES: Record<HoldingLanguage, LanguageFrame> = {
  en: {
    greet: (n) => (n ? `Hi ${n},` : "Hello,"),
    sign: "Kind regards,\nCustomer Care",
    teams: {
      legal: "our legal team",
      payments: "our payments team",
      safety: "our safety team",
      privacy: "our privacy team",
      manager: "a manager",
      other: "the right person in our team",
    },
  },
  es: {
    greet: (n) => (n ? `Hola ${n}:` : "Hola:"),
    sign: "Un saludo,\nAtención al cliente",
    teams: {
      legal: "nuestro equipo jurídico",
      payments: "nuestro equipo de pagos",
      safety: "nuestro equipo de seguridad",
      privacy: "nuestro equipo de privacidad",
      manager: "un responsable",
      other: "la persona adecuada de nuestro equipo",
    },
  },
  fr: {
    greet: (n) => (n ? `Bonjour ${n},` : "Bonjour,"),
    sign: "Cordialement,\nService client",
    teams: {
      legal: "notre service juridique",
      payments: "notre service des paiements",
      safety: "notre équipe sécurité",
      privacy: "notre équipe chargée de la protection des données",
      manager: "un responsable",
      other: "la bonne personne de notre équipe",
    },
  },
  de: {
    greet: (n) => (n ? `Hallo ${n},` : "Guten Tag,"),
    sign: "Mit freundlichen Grüßen\nKundenservice",
    teams: {
      legal: "unsere Rechtsabteilung",
      payments: "unser Zahlungsteam",
      safety: "unser Sicherheitsteam",
      privacy: "unser Datenschutzteam",
      manager: "eine Führungskraft",
      other: "die zuständige Person in unserem Team",
    },
  },
  pt: {
    greet: (n) => (n ? `Olá ${n},` : "Olá,"),
    sign: "Com os melhores cumprimentos,\nApoio ao cliente",
    teams: {
      legal: "a nossa equipa jurídica",
      payments: "a nossa equipa de pagamentos",
      safety: "a nossa equipa de segurança",
      privacy: "a nossa equipa de privacidade",
      manager: "um responsável",
      other: "a pessoa certa da nossa equipa",
    },
  },
};

/** The body of each holding reply; `{team}` is replaced. */
export const HOLDING_TEMPLATES: Record<HandoverCategory, Record<HoldingLanguage, string>> = {
  legal_threat: {
    en: "Thank you for your message. I have passed it to {team}, who will review it and be in touch with you directly.",
    es: "Gracias por su mensaje. Lo he trasladado a {team}, que lo revisará y se pondrá en contacto con usted directamente.",
    fr: "Merci pour votre message. Je l'ai transmis à {team}, qui va l'examiner et reviendra vers vous directement.",
    de: "Vielen Dank für Ihre Nachricht. Ich habe sie an {team} weitergeleitet; dort wird sie geprüft, und man meldet sich direkt bei Ihnen.",
    pt: "Obrigado pela sua mensagem. Encaminhei-a para {team}, que a vai analisar e entrará em contacto consigo diretamente.",
  },
  chargeback_fraud: {
    en: "Thank you for letting us know. I have passed your message to {team}, who look into payment disputes and unrecognised charges; they will be in touch with you directly.",
    es: "Gracias por avisarnos. He trasladado su mensaje a {team}, que revisa las disputas de pago y los cargos no reconocidos; se pondrán en contacto con usted directamente.",
    fr: "Merci de nous avoir prévenus. J'ai transmis votre message à {team}, qui examine les contestations de paiement et les débits non reconnus ; ils reviendront vers vous directement.",
    de: "Vielen Dank für Ihren Hinweis. Ich habe Ihre Nachricht an {team} weitergeleitet; dort werden Zahlungsstreitigkeiten und unbekannte Abbuchungen geprüft, und man meldet sich direkt bei Ihnen.",
    pt: "Obrigado por nos avisar. Encaminhei a sua mensagem para {team}, que analisa disputas de pagamento e cobranças não reconhecidas; entrarão em contacto consigo diretamente.",
  },
  safety: {
    en: "Thank you for telling us. If you or anyone else is in danger or hurt right now, please call your local emergency number (112 in Europe, 999 in the UK, 911 in the US and Canada). If you are finding things hard, you can also talk to someone you trust or a local crisis line. I have passed your message to {team}, who will be in touch with you directly.",
    es: "Gracias por contárnoslo. Si usted u otra persona está en peligro o herida en este momento, llame al número de emergencias de su país (112 en Europa). Si está pasando por un momento difícil, también puede hablar con alguien de confianza o con una línea de ayuda de su zona. He trasladado su mensaje a {team}, que se pondrá en contacto con usted directamente.",
    fr: "Merci de nous l'avoir dit. Si vous ou quelqu'un d'autre êtes en danger ou blessé en ce moment, appelez le numéro d'urgence de votre pays (112 en Europe). Si vous traversez un moment difficile, vous pouvez aussi parler à une personne de confiance ou à une ligne d'écoute près de chez vous. J'ai transmis votre message à {team}, qui reviendra vers vous directement.",
    de: "Danke, dass Sie uns das mitteilen. Wenn Sie oder jemand anderes gerade in Gefahr oder verletzt sind, rufen Sie bitte den Notruf an (112 in Europa). Wenn es Ihnen gerade schwer geht, können Sie auch mit einer Vertrauensperson oder einer Krisen-Hotline in Ihrer Nähe sprechen. Ich habe Ihre Nachricht an {team} weitergeleitet; man meldet sich direkt bei Ihnen.",
    pt: "Obrigado por nos dizer. Se você ou outra pessoa estiver em perigo ou ferida neste momento, ligue para o número de emergência do seu país (112 na Europa). Se está a passar por um momento difícil, pode também falar com alguém de confiança ou com uma linha de apoio da sua zona. Encaminhei a sua mensagem para {team}, que entrará em contacto consigo diretamente.",
  },
  abuse: {
    en: "Thank you for your message. I have passed it to {team}, who will review it and be in touch with you. We want to help, and we ask that messages to our team stay respectful.",
    es: "Gracias por su mensaje. Lo he trasladado a {team}, que lo revisará y se pondrá en contacto con usted. Queremos ayudarle, y le pedimos que los mensajes a nuestro equipo sean respetuosos.",
    fr: "Merci pour votre message. Je l'ai transmis à {team}, qui va l'examiner et reviendra vers vous. Nous voulons vous aider, et nous vous demandons de rester courtois avec notre équipe.",
    de: "Vielen Dank für Ihre Nachricht. Ich habe sie an {team} weitergeleitet; dort wird sie geprüft, und man meldet sich bei Ihnen. Wir möchten Ihnen helfen und bitten Sie, unserem Team gegenüber respektvoll zu bleiben.",
    pt: "Obrigado pela sua mensagem. Encaminhei-a para {team}, que a vai analisar e entrará em contacto consigo. Queremos ajudar, e pedimos que as mensagens à nossa equipa se mantenham respeitosas.",
  },
  data_protection: {
    en: "Thank you for your request about your personal data. I have recorded it and passed it to {team}, who handle data-protection requests; they will be in touch with you directly, and may first need to confirm your identity.",
    es: "Gracias por su solicitud sobre sus datos personales. La he registrado y trasladado a {team}, que gestiona las solicitudes de protección de datos; se pondrán en contacto con usted directamente y es posible que antes necesiten confirmar su identidad.",
    fr: "Merci pour votre demande concernant vos données personnelles. Je l'ai enregistrée et transmise à {team}, qui traite les demandes relatives aux données ; ils reviendront vers vous directement et pourront d'abord devoir confirmer votre identité.",
    de: "Vielen Dank für Ihre Anfrage zu Ihren personenbezogenen Daten. Ich habe sie erfasst und an {team} weitergeleitet; dort werden Datenschutzanfragen bearbeitet, und man meldet sich direkt bei Ihnen. Eventuell muss zuerst Ihre Identität bestätigt werden.",
    pt: "Obrigado pelo seu pedido sobre os seus dados pessoais. Registei-o e encaminhei-o para {team}, que trata os pedidos de proteção de dados; entrarão em contacto consigo diretamente e poderão primeiro precisar de confirmar a sua identidade.",
  },
};
