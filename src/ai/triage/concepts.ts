/**
 * Concept features: groups of words (en/es/fr/de/pt) that mean the same thing to support triage,
 * so evidence learned from one word transfers to its synonyms and translations. "parcel",
 * "package", "colis", "Paket" and "encomenda" all add `k:delivery`; "charged", "bill", "débité"
 * add `k:money`. A few hundred hand-written training rows cannot show the model every way a
 * customer names a parcel; a concept makes the rows it has count for all of them. (The same idea
 * as the word categories of LIWC: Pennebaker et al., "The Development and Psychometric Properties
 * of LIWC2015", University of Texas at Austin, 2015.)
 *
 * Patterns match the normalised text of `features.ts` (lower case, accents stripped, apostrophes
 * removed, digits as `0`), at word starts; a pattern ending in a letter may continue ("deliver"
 * matches "delivered", "delivery"). Written for this project.
 */

const CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  delivery: [
    "deliver", "package", "parcel", "shipment", "shipping", "shipped", "ship ", "courier", "tracking", "track ",
    "arriv", "dispatch", "transit", "depot", "out for delivery", "postman", "doorstep", "eta ", "ups ", "dhl", "fedex", "usps",
    "royal mail", "hermes", "envio", "paquete", "entrega", "repartidor", "colis", "livr", "suivi", "paket", "liefer",
    "sendung", "zustell", "pacote", "encomenda", "rastreio", "flight", "train", "engineer", "install", "technician",
  ],
  order: ["order", "purchas", "bought", "pedido", "commande", "bestell", "compra"],
  waiting: [
    "still", "yet", "waiting", "wait", "delay", "late", "missing", "lost", "not arrived", "hasnt arrived",
    "never arrived", "never came", "havent received", "not received", "didnt receive", "didnt get", "where is", "wheres",
    "retard", "retraso", "tarde", "atras", "verspat", "noch nicht", "todavia", "toujours pas", "ainda nao", "cade",
  ],
  refund: [
    "refund", "return", "replace", "exchange", "money back", "reembols", "devol", "rembours", "retour", "erstatt",
    "ruckgabe", "zuruck", "troca", "trocar",
  ],
  cancel: ["cancel", "annul", "storn", "cancelar", "unsubscribe", "kundig", "resilier"],
  account: [
    "account", "login", "log in", "logged", "sign in", "signin", "password", "locked", "verification", "otp", "username",
    "profile", "email address", "two step", "2fa", "cuenta", "compte", "konto", "conta", "contrasena", "mot de passe",
    "passwort", "senha", "hacked",
  ],
  money: [
    "charg", "bill", "payment", "paid", "pay ", "card", "credit", "debit", "invoice", "fee", "balance", "transaction",
    "bank", "gift card", "voucher", "points", "cobr", "factura", "pago", "tarjeta", "preleve", "debite", "facture", "paiement",
    "carte", "abbuch", "rechnung", "zahlung", "karte", "fatura", "pagamento", "cartao", "xmoney",
  ],
  price: [
    "price", "cost", "expensive", "cheap", "discount", "deal", "offer", "sale ", "promo", "coupon", "pricey", "afford",
    "precio", "caro", "barato", "prix", "cher ", "preis", "teuer", "preco", "desconto", "rabatt", "oferta",
  ],
  fault: [
    "broken", "broke", "not working", "doesnt work", "dont work", "stopped working", "wont work", "error", "crash",
    "bug", "glitch", "freez", "frozen", "outage", "down ", "faulty", "fault", "defect", "damaged", "dead", "wont load",
    "cant load", "not loading", "disconnect", "keeps dropping", "no signal", "no service", "issue", "problem", "roto",
    "no funciona", "falla", "averia", "casse", "marche pas", "fonctionne pas", "panne", "kaputt", "funktioniert nicht",
    "fehler", "storung", "ausfall", "quebr", "nao funciona", "erro", "falha", "defeito",
  ],
  tech: [
    "app", "website", "site", "update", "software", "wifi", "internet", "broadband", "signal", "network", "phone", "laptop",
    "device", "screen", "battery", "download", "stream", "tv ", "router", "server", "browser", "ios", "android", "iphone",
    "console", "game", "aplicacion", "appli", "aplicativo", "handy", "telefono", "telephone",
  ],
  staff: [
    "customer service", "customer care", "support", "agent", "staff", "rep ", "representative", "manager", "supervisor",
    "on hold", "hold for", "chat ", "rude", "unhelpful", "employee", "cashier", "driver", "crew", "call back", "callback",
    "atencion", "service client", "kundenservice", "atendimento",
  ],
  bad: [
    "worst", "terrible", "horrible", "awful", "shocking", "disgust", "pathetic", "useless", "joke", "ridiculous",
    "unacceptable", "disappoint", "fuming", "angry", "hate", "annoy", "frustrat", "sick of", "fed up", "rubbish", "crap",
    "poor", "nightmare", "wtf", "smh", "grr", "pesim", "horrib", "nul ", "decu", "schlecht", "enttausch", "pessim", "raiva",
  ],
  thanks: [
    "thank", "thx", "ty ", "cheers", "great", "love", "awesome", "amazing", "best ", "apprecia", "brilliant", "excellent",
    "kudos", "shoutout", "shout out", "lovely", "happy", "gracias", "merci", "danke", "obrigad", "genial", "super ",
  ],
  how: [
    "how do", "how to", "how can", "can i ", "is there", "does it", "do you", "where can", "which", "what is", "whats the",
    "is it possible", "como ", "comment ", "wie ", "kann ich", "puedo", "est ce que", "posso",
  ],
  leave: [
    "switch", "leaving", "leave ", "competitor", "elsewhere", "never again", "done with", "going to", "other provider",
    "another", "competencia", "concurren", "ailleurs", "woanders", "konkurrenz", "outra", "otro", "autre",
  ],
  wrong: ["wrong", "incorrect", "instead of", "not what i ordered", "different item", "equivocad", "mauvais", "falsch", "errado"],
  stock: ["stock", "available", "availab", "restock", "sold out", "in store", "size", "colour", "color", "version", "model"],
};

const PATTERNS: ReadonlyArray<readonly [string, RegExp]> = Object.entries(CONCEPTS).map(([concept, words]) => {
  const alternatives = words.map((w) => w.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + (w.endsWith(" ") ? "(?![a-z])" : ""));
  return [concept, new RegExp(`(?<![a-z])(?:${alternatives.join("|")})`, "g")] as const;
});

/**
 * The concept tokens (`k:<concept>`) of a normalised text, once per occurrence (repeats matter:
 * "late, still late" is more about waiting than one "late"). Empty text gives [].
 */
export function conceptTokens(normalised: string): string[] {
  const out: string[] = [];
  for (const [concept, re] of PATTERNS) {
    for (const _ of normalised.matchAll(re)) out.push(`k:${concept}`);
  }
  return out;
}
