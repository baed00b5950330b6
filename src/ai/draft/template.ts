/**
 * The deterministic template drafter: used when no model is configured, when the model fails or
 * times out, and when a model draft still breaks the guard after a repair round. It writes the
 * conversation from the same facts as the model, in the ticket's language (en, es, fr, de, pt;
 * anything else falls back to English), and states the decision's commitments through the same
 * renderer as a model draft (commitments/), in the same place: after the answer, before the close.
 * So every commitment appears once, worded the same whoever drafted.
 */
import type { IntentFamily } from "../triage/types";
import { renderCommitments, type RenderedCommitments } from "./commitments";
import type { DraftFacts } from "./facts";
import type { Passage } from "./grounding";
import { answerFromKnowledge } from "./template-answers";
import { recommendationParagraph } from "./template-recommend";

interface Phrasebook {
  greet(name: string | null): string;
  thanks(n: number, first: string | null, last: string | null, products: string[]): string;
  newCustomer: string;
  family: Record<IntentFamily, string>;
  recommend(products: string[]): string;
  orderStatus(o: DraftFacts["recent_orders"][number] | undefined): string;
  close: string;
  sign: string;
}

const list = (items: string[], and: string) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${and} ${items[items.length - 1]}`);

const EN: Phrasebook = {
  greet: (n) => (n ? `Hi ${n},` : "Hi there,"),
  thanks: (n, first, last, p) =>
    `Thank you for getting in touch, and for your ${n === 1 ? "order" : `${n} orders`} with us${first && n > 1 ? ` since ${first}` : ""}${last ? `, most recently on ${last}` : ""}${p.length ? ` (${list(p.slice(0, 2), "and")})` : ""}.`,
  newCustomer: "Thank you for getting in touch.",
  family: {
    retention_risk:
      "I understand that price matters, and I'm sorry to hear you're thinking of going elsewhere. We work hard on the quality of what we make and on looking after our customers, and we'd really hate to lose you.",
    service_complaint:
      "I sincerely apologise for the delay: I understand how frustrating this must be, and it isn't the experience we want you to have. We really value your business and want to make this right.",
    order_status: "I've looked up your order for you.",
    refund_return: "I've passed your request to our team, who will review it and come back to you with the options for your order.",
    cancellation: "I've passed your cancellation request to our team, who will confirm what can be done with your order.",
    product_question: "Thank you for asking: it's always a pleasure to help you choose.",
    account_billing: "I've passed your question to the team that looks after accounts and payments, who will come back to you shortly.",
    other: "Thank you for your message; we'll come back to you shortly.",
  },
  recommend: (p) =>
    p.length
      ? `Since you chose ${list(p.slice(0, 2), "and")} before, pieces from the same range would go well with them, and I'd be happy to suggest more.`
      : "I'd be happy to suggest a few pieces.",
  orderStatus: (o) =>
    !o
      ? "I couldn't find an order under this email address; could you send me the order number?"
      : o.tracking.length
        ? `Your order ${o.name} from ${o.date} was sent with ${o.tracking[0]!.company ?? "our carrier"}, tracking number ${o.tracking[0]!.number}${o.tracking[0]!.url ? ` (${o.tracking[0]!.url})` : ""}${o.tracking[0]!.delivered ? ", and it shows as delivered" : ""}.`
        : `Your order ${o.name} from ${o.date} is marked as ${(o.fulfillment_status ?? "being processed").toLowerCase().replace(/_/g, " ")}; we have no tracking number on file for it yet.`,
  close: "If there's anything else I can do, just reply to this email.",
  sign: "Kind regards,\nCustomer Care",
};

const ES: Phrasebook = {
  greet: (n) => (n ? `Hola ${n}:` : "Hola:"),
  thanks: (n, _first, last) =>
    `Gracias por escribirnos y por ${n === 1 ? "su pedido" : `sus ${n} pedidos`} con nosotros${last ? `, el último el ${last}` : ""}.`,
  newCustomer: "Gracias por escribirnos.",
  family: {
    retention_risk:
      "Entiendo que el precio es importante y lamento que esté pensando en irse. Cuidamos mucho la calidad y la atención, y no queremos perderle.",
    service_complaint: "Le pido sinceras disculpas por el retraso; entiendo lo frustrante que es y queremos solucionarlo.",
    order_status: "He revisado su pedido.",
    refund_return: "He pasado su solicitud a nuestro equipo, que la revisará y le responderá con las opciones para su pedido.",
    cancellation: "He pasado su solicitud de cancelación a nuestro equipo, que le confirmará qué es posible.",
    product_question: "Gracias por preguntar; será un placer ayudarle a elegir.",
    account_billing: "He pasado su consulta al equipo de cuentas y pagos, que le responderá en breve.",
    other: "Gracias por su mensaje; le responderemos en breve.",
  },
  recommend: (p) =>
    p.length ? `Como eligió ${list(p.slice(0, 2), "y")}, otras piezas de la misma línea combinarían muy bien.` : "Con gusto le sugeriré algunas piezas.",
  orderStatus: (o) =>
    !o
      ? "No encuentro ningún pedido con este correo; ¿podría enviarme el número de pedido?"
      : o.tracking.length
        ? `Su pedido ${o.name} del ${o.date} se envió con ${o.tracking[0]!.company ?? "nuestro transportista"}, número de seguimiento ${o.tracking[0]!.number}${o.tracking[0]!.url ? ` (${o.tracking[0]!.url})` : ""}.`
        : `Su pedido ${o.name} del ${o.date} figura como ${(o.fulfillment_status ?? "en proceso").toLowerCase()}; aún no tenemos número de seguimiento.`,
  close: "Si puedo ayudarle en algo más, responda a este correo.",
  sign: "Un saludo,\nAtención al cliente",
};

const FR: Phrasebook = {
  greet: (n) => (n ? `Bonjour ${n},` : "Bonjour,"),
  thanks: (n, _first, last) =>
    `Merci de nous avoir écrit, et merci pour ${n === 1 ? "votre commande" : `vos ${n} commandes`}${last ? `, la dernière le ${last}` : ""}.`,
  newCustomer: "Merci de nous avoir écrit.",
  family: {
    retention_risk:
      "Je comprends que le prix compte, et je suis désolé que vous pensiez aller voir ailleurs. Nous tenons à la qualité et au service, et nous ne voulons pas vous perdre.",
    service_complaint: "Je vous présente toutes nos excuses pour ce retard ; je comprends votre frustration et nous voulons arranger les choses.",
    order_status: "J'ai vérifié votre commande.",
    refund_return: "J'ai transmis votre demande à notre équipe, qui l'examinera et reviendra vers vous avec les options possibles.",
    cancellation: "J'ai transmis votre demande d'annulation à notre équipe, qui vous confirmera ce qui est possible.",
    product_question: "Merci de votre question ; c'est un plaisir de vous conseiller.",
    account_billing: "J'ai transmis votre question à l'équipe comptes et paiements, qui vous répondra rapidement.",
    other: "Merci pour votre message ; nous revenons vers vous rapidement.",
  },
  recommend: (p) =>
    p.length
      ? `Comme vous avez choisi ${list(p.slice(0, 2), "et")}, d'autres articles de la même gamme s'y accorderaient très bien.`
      : "Je serai ravi de vous proposer quelques articles.",
  orderStatus: (o) =>
    !o
      ? "Je ne trouve aucune commande avec cette adresse ; pourriez-vous m'envoyer le numéro de commande ?"
      : o.tracking.length
        ? `Votre commande ${o.name} du ${o.date} a été expédiée avec ${o.tracking[0]!.company ?? "notre transporteur"}, numéro de suivi ${o.tracking[0]!.number}${o.tracking[0]!.url ? ` (${o.tracking[0]!.url})` : ""}.`
        : `Votre commande ${o.name} du ${o.date} est indiquée comme ${(o.fulfillment_status ?? "en cours").toLowerCase()} ; nous n'avons pas encore de numéro de suivi.`,
  close: "Si je peux faire autre chose pour vous, répondez simplement à cet e-mail.",
  sign: "Cordialement,\nService client",
};

const DE: Phrasebook = {
  greet: (n) => (n ? `Hallo ${n},` : "Guten Tag,"),
  thanks: (n, _first, last) =>
    `Vielen Dank für Ihre Nachricht und für ${n === 1 ? "Ihre Bestellung" : `Ihre ${n} Bestellungen`} bei uns${last ? `, zuletzt am ${last}` : ""}.`,
  newCustomer: "Vielen Dank für Ihre Nachricht.",
  family: {
    retention_risk:
      "Ich verstehe, dass der Preis wichtig ist, und es tut mir leid, dass Sie über einen Wechsel nachdenken. Qualität und Service liegen uns am Herzen, und wir möchten Sie nicht verlieren.",
    service_complaint: "Ich entschuldige mich aufrichtig für die Verzögerung; ich verstehe, wie ärgerlich das ist, und wir möchten es wiedergutmachen.",
    order_status: "Ich habe Ihre Bestellung nachgesehen.",
    refund_return: "Ich habe Ihre Anfrage an unser Team weitergegeben, das sie prüft und Ihnen die Möglichkeiten für Ihre Bestellung nennt.",
    cancellation: "Ich habe Ihre Stornierungsanfrage an unser Team weitergegeben, das Ihnen bestätigt, was möglich ist.",
    product_question: "Danke für Ihre Frage; ich helfe Ihnen gern bei der Auswahl.",
    account_billing: "Ich habe Ihre Frage an das Team für Konten und Zahlungen weitergegeben, das sich in Kürze meldet.",
    other: "Vielen Dank für Ihre Nachricht; wir melden uns in Kürze.",
  },
  recommend: (p) =>
    p.length
      ? `Da Sie ${list(p.slice(0, 2), "und")} gewählt haben, passen Stücke aus derselben Reihe sehr gut dazu.`
      : "Ich schlage Ihnen gern einige Stücke vor.",
  orderStatus: (o) =>
    !o
      ? "Ich finde keine Bestellung zu dieser E-Mail-Adresse; könnten Sie mir die Bestellnummer senden?"
      : o.tracking.length
        ? `Ihre Bestellung ${o.name} vom ${o.date} wurde mit ${o.tracking[0]!.company ?? "unserem Versanddienst"} verschickt, Sendungsnummer ${o.tracking[0]!.number}${o.tracking[0]!.url ? ` (${o.tracking[0]!.url})` : ""}.`
        : `Ihre Bestellung ${o.name} vom ${o.date} ist als ${(o.fulfillment_status ?? "in Bearbeitung").toLowerCase()} markiert; eine Sendungsnummer liegt uns noch nicht vor.`,
  close: "Wenn ich sonst noch etwas für Sie tun kann, antworten Sie einfach auf diese E-Mail.",
  sign: "Mit freundlichen Grüßen\nKundenservice",
};

const PT: Phrasebook = {
  greet: (n) => (n ? `Olá ${n},` : "Olá,"),
  thanks: (n, _first, last) =>
    `Obrigado pelo seu contacto e ${n === 1 ? "pela sua encomenda" : `pelas suas ${n} encomendas`} connosco${last ? `, a última em ${last}` : ""}.`,
  newCustomer: "Obrigado pelo seu contacto.",
  family: {
    retention_risk:
      "Compreendo que o preço é importante e lamento que esteja a pensar mudar. Cuidamos muito da qualidade e do atendimento, e não queremos perdê-lo.",
    service_complaint: "Peço sinceras desculpas pelo atraso; compreendo como isto é frustrante e queremos resolver a situação.",
    order_status: "Verifiquei a sua encomenda.",
    refund_return: "Encaminhei o seu pedido para a nossa equipa, que o vai analisar e responder com as opções para a sua encomenda.",
    cancellation: "Encaminhei o seu pedido de cancelamento para a nossa equipa, que lhe confirmará o que é possível.",
    product_question: "Obrigado pela pergunta; é um prazer ajudar na escolha.",
    account_billing: "Encaminhei a sua questão para a equipa de contas e pagamentos, que responderá em breve.",
    other: "Obrigado pela sua mensagem; responderemos em breve.",
  },
  recommend: (p) =>
    p.length ? `Como escolheu ${list(p.slice(0, 2), "e")}, outras peças da mesma linha combinariam muito bem.` : "Terei todo o gosto em sugerir algumas peças.",
  orderStatus: (o) =>
    !o
      ? "Não encontro nenhuma encomenda com este e-mail; pode enviar-me o número da encomenda?"
      : o.tracking.length
        ? `A sua encomenda ${o.name} de ${o.date} foi enviada com ${o.tracking[0]!.company ?? "a nossa transportadora"}, número de seguimento ${o.tracking[0]!.number}${o.tracking[0]!.url ? ` (${o.tracking[0]!.url})` : ""}.`
        : `A sua encomenda ${o.name} de ${o.date} está marcada como ${(o.fulfillment_status ?? "em processamento").toLowerCase()}; ainda não temos número de seguimento.`,
  close: "Se puder ajudar em mais alguma coisa, basta responder a este e-mail.",
  sign: "Com os melhores cumprimentos,\nApoio ao cliente",
};

export const TEMPLATE_LANGUAGES: Record<string, Phrasebook> = { en: EN, es: ES, fr: FR, de: DE, pt: PT };

/** Name and version stamped on template drafts (as a prompt's would be). */
export const TEMPLATE_DRAFTER = { name: "template", version: "2" } as const;

export interface TemplateParts {
  language: string;
  /** The conversation: greeting, thanks, answer, close and sign-off, without the rendered block. */
  modelText: string;
  commitments: RenderedCommitments;
  /** The whole reply: the conversation with the block after the answer. */
  body: string;
  /** Ids of the passages the answer states (answers from knowledge, template-answers.ts). */
  citations: string[];
  /** Which answer from knowledge wrote it, or null for the family's generic paragraph. */
  answer: string | null;
}

/** What the template may answer from besides the facts: the message and the passages retrieved for it. */
export interface TemplateKnowledge {
  ticketText: string;
  passages: readonly Passage[];
}

/** Families whose reply the order history serves (loyalty, a late order, what they bought); the others open with the question. */
export const HISTORY_SERVES: ReadonlySet<IntentFamily> = new Set(["retention_risk", "service_complaint", "product_question"]);

/**
 * Writes a reply from facts and the ticket's family, in parts. In English an answer from
 * knowledge (template-answers.ts: shipping, address changes, damaged items, sign-in, late deliveries, thanks) comes
 * first when one applies; otherwise the family's paragraph.
 * @param knowledge the message and the retrieved passages (none: the family's paragraph)
 * @returns the conversation, the rendered commitments and the assembled body (plain text,
 *   paragraphs separated by blank lines), in the template's language, with the passages it cites
 */
export function templateParts(facts: DraftFacts, family: IntentFamily, intent: string, knowledge?: TemplateKnowledge): TemplateParts {
  const language = TEMPLATE_LANGUAGES[facts.language] ? facts.language : "en";
  const t = TEMPLATE_LANGUAGES[language]!;
  const commitments = renderCommitments(facts.offer, language);
  const answer =
    language === "en" && knowledge ? answerFromKnowledge({ facts, family, intent, ticketText: knowledge.ticketText, passages: knowledge.passages }) : null;
  const before: string[] = [t.greet(facts.first_name)];
  if (answer) before.push(answer.opening, ...answer.paragraphs);
  else {
    before.push(
      facts.order_count > 0 && HISTORY_SERVES.has(family)
        ? t.thanks(facts.order_count, facts.first_order_date, facts.last_order_date, facts.favourite_products)
        : t.newCustomer,
    );
    if (family === "order_status") before.push(`${t.family.order_status} ${t.orderStatus(facts.recent_orders[0])}`);
    else if (family === "product_question" || intent === "product_recommendation")
      before.push(`${t.family.product_question} ${recommendationParagraph(facts.recommendations, language) ?? t.recommend(facts.favourite_products)}`);
    else before.push(t.family[family]);
  }
  const after = [...(answer?.close === false ? [] : [t.close]), t.sign];
  const body = [...before, ...(commitments.text ? [commitments.text] : []), ...after].join("\n\n");
  return { language, modelText: [...before, ...after].join("\n\n"), commitments, body, citations: answer?.citations ?? [], answer: answer?.kind ?? null };
}

/**
 * Writes a reply from facts and the ticket's family.
 * @returns the reply text (plain text, paragraphs separated by blank lines) and its language
 */
export function templateDraft(facts: DraftFacts, family: IntentFamily, intent: string, knowledge?: TemplateKnowledge): { body: string; language: string } {
  const p = templateParts(facts, family, intent, knowledge);
  return { body: p.body, language: p.language };
}
