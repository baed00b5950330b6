/**
 * Retention evidence: the phrases of a message that signal the customer may stop buying, cancel a
 * subscription, switch to a competitor, or objects to price or value (the `retention_signal` of
 * `../shared/data/real-support/README.md`). The policy pays a retention offer only on such
 * evidence (or on the retention model's probability), so a misread ticket cannot earn one.
 *
 * Phrases in en/es/fr/de/pt, written for this project; matched case-insensitively on word
 * boundaries. Cancelling an order is not a signal (the customer still buys); cancelling an
 * account, subscription, membership or contract is. Asking about a deal is not an objection.
 */

const B = "(?<![\\p{L}\\p{N}])";
const E = "(?![\\p{L}\\p{N}])";

const PATTERNS: readonly string[] = [
  // en: leaving and switching
  "switch(?:ing|ed)? (?:(?:to|over)(?! (?:to )?(?:you|u|your)(?![\\p{L}\\p{N}]))|providers?|networks?|banks?|suppliers?|brands?|carriers?)",
  "(?:take|taking|took) my (?:business|money|custom) (?:elsewhere|somewhere else)",
  "(?:shop|shopping|buy|buying|order|ordering|go|going|look|looking|move|moving) (?:somewhere else|elsewhere)",
  "(?:lost|losing|lose) (?:a|me as a|my|another|yet another|\\d+|two|three|a few|many|more|loyal) (?:loyal )?(?:customers?|business|custom)",
  "never (?:again|(?:be )?(?:order(?:ing)?|buy(?:ing)?|shop(?:ping)?|us(?:e|ing)|fly(?:ing)?|book(?:ing)?|com(?:e|ing) back))",
  "(?:won'?t|will not|not going to|never going to|wont) (?:be )?(?:order(?:ing)?|buy(?:ing)?|shop(?:ping)?|us(?:e|ing)|renew(?:ing)?|return(?:ing)?|com(?:e|ing) back)(?: \\S+){0,3} (?:again|anymore|any more)",
  "(?:won'?t|will not|not) (?:be )?renew(?:ing)?",
  "(?:not sure|doubt|thinking twice about|reconsidering)(?: \\S+){0,3} renew(?:ing|al)?",
  "(?:cancel|cancell?ing|cancell?ed|close|closing|closed|end|ending|quit|quitting)(?: my| our| the| your| ur| this| @\\w+)*(?: free| \\d+[- ]?days?)* (?:account|subscription|membership|contract|plan|prime|service|trial)",
  "(?:done|finished|fed up|through) with (?:you|this company|your|u)",
  "(?:go|going|move|moving|went|switch(?:ing)?|leave|leaving) (?:to|for) (?:your |a |the )?(?:competitor|competition|another|a different|other)",
  "competitors?",
  "(?:try|trying|use|using|go with|going with|look at|looking at|consider|considering|found) (?:a |an )?(?:different|another|other|new|cheaper) (?:suppliers?|shops?|stores?|providers?|company|companies|brands?|retailers?|sellers?|sites?|websites?)",
  "(?:last|final) (?:order|purchase) (?:i|with|from|ever)",
  "(?:i'?m|i am|we'?re) (?:leaving|done)",
  "(?:i'?m|i am) out(?=\\s*(?:[.!]|$))",
  "uninstall(?:ing|ed)? (?:the|your|this) app",
  "why (?:would|should) i (?:stay|keep|bother)",
  "thinking (?:of|about) (?:switching|leaving|cancell?ing|moving)",
  "(?:i'?m|i am|we'?re|we are) (?:cancell?ing|switching|leaving|moving)",
  "(?:don'?t|do not) want to (?:fly|shop|buy|order|use \\S+) (?:with|from|at|anymore)",
  "going back to",
  "(?:been|am|was|as) a loyal customer",
  "(?:i'?ll|i will|going to|gonna|i'?m|i am|might|will) (?:stop|stopping) (?:using|buying|ordering|shopping)",
  "no longer (?:use|using|buy|buying|order|ordering|shop|shopping)",
  "(?:don'?t|do not|won'?t|will not) (?:intend|plan|want) to (?:use|shop|order|buy|fly|book)(?: \\S+){0,3} (?:again|anymore|any more|in future|in the future)",
  // "leave @brand" / "ditching you", not "leave you a review" or "drop you a DM"
  "(?:leave|leaving|ditch|ditching|dump|dumping|quit|quitting) (?:you|u|@\\w+)(?!\\s+(?:a|an|the|my|some|feedback|reviews?|messages?|notes?|dms?|it|alone|know)(?![\\p{L}\\p{N}]))",
  "(?:look|looking|find|finding|search|searching|consider|considering) (?:for )?(?:an )?alternatives?",
  "(?:last|final) straw",
  "unsubscrib(?:e|ed|ing)|(?:deactivate|deactivating|delete|deleting|close|closing) (?:my|our) (?:account|membership|subscription)",
  "(?:not|never|won'?t be) (?:order(?:ing)?|buy(?:ing)?|shop(?:ping)?|book(?:ing)?) (?:from|with|at) (?:you|u|\\S+) again",
  "(?:a|my|as a) (?:former|ex-?) customer",
  "(?:isn'?t|is not|aint|ain'?t|no longer|not really) worth (?:it|the money|the price|paying|the cost)|worth it any ?more",
  // en: value objections ("what am I paying for")
  "(?:what'?s|what is|whats) the point (?:of|in) (?:having|paying|me paying|being|prime|a prime)",
  "(?:what'?s|what is|whats) the point(?:\\s*[?!]|(?: of| in)? paying)",
  "why (?:would|should|do|does) (?:anyone|people|we) (?:even )?(?:pay|bother|stay)",
  "why pay(?:ing)? ?(?:for|4)\\S*|why pay(?:ing)? extra",
  "wozu (?:\\S+ ){0,2}(?:prime|abo|mitgliedschaft|zahle|bezahle|zahlen)",
  "(?:membership|subscription|relationship|contract)(?: with (?:you|u|@\\w+))? is over",
  "lost (?:all )?(?:my |our )?(?:faith|trust|confidence) in",
  "(?:can'?t|cannot|how can (?:i|we|anyone)|can (?:i|we|anyone)) (?:ever )?(?:trust|believe (?:in|on))",
  "(?:i'?ve|i have|we'?ve|we have|i|we) (?:already |now )?stopped (?:using|buying|ordering|shopping|flying|booking)",
  "(?:won'?t|will not|never)(?: ever)? (?:be|become) (?:a |your )?customers?",
  "(?:won'?t|will not|never) (?:be )?(?:doing|do|make|making) that (?:mistake )?again",
  "finally free (?:of|from)",
  "boycott(?:s|ing|ed)?|#no_?more_?\\w+",
  "(?:people|customers|everyone|users) (?:are )?(?:leaving|switching|moving|going|streaming|flocking|migrating|running) (?:to|for)",
  "considering (?:getting|buying|switching to|moving to|going to|trying) (?:a |an )?(?:new kind of|different|another|other)",
  "(?:go|going|try|trying|switch|buy|buying) (?:with |to )?(?:another|a different|other) (?:brand|company|provider|network|carrier|bank|airline|app|service)s?",
  "(?:i'?ll|i will|gonna|going to) (?:just )?(?:get|buy|order|shop|fly|book)(?: \\S+){0,3} (?:from|at|with) (?:@\\w+|someone else|another)",
  "what am i (?:even )?paying (?:for|you for)",
  "why (?:am|do|did|should) i (?:even )?(?:pay|paying)",
  "(?:i'?m|i am) paying for (?:prime|this|nothing)",
  "paying for nothing|waste of (?:money|my money)",
  "(?:will|going to|gonna|about to|want to|need to) cancel(?: my| our| the)? (?:subscription|membership|account|contract|service|plan|prime|card)",
  "(?:looking|shop|shopping|buy|buying|order|ordering) (?:at|from|with) (?:other|another|a different|different) (?:stores?|shops?|sites?|providers?|companies|retailers?|brands?|sellers?)",
  "(?:take|move|shift|taking|moving) my (?:business|money|account|custom)",
  "no longer (?:a )?(?:loyal )?customer|not (?:a )?(?:loyal )?customer (?:any ?more|for long)",
  "regret(?:s|ting|ted)?(?: \\S+){0,4} (?:buying|ordering|signing|switching|joining|choosing|using)",
  "(?:should have|should'?ve) (?:gone|bought|ordered|stayed|shopped) (?:with|from|at|elsewhere)",
  "first and last time",
  "(?:deleting|deleted|delete|deleted) (?:the|your|my) (?:app|account)",
  "(?:good ?bye|bye ?bye) (?:@|amazon|forever)",
  "(?:use|using|go with|going with|order from|ordering from|buy from|buying from|shop at|shopping at|fly with|flying with|switch to|move to|get it from)(?: \\S+){0,2} instead",
  "(?:prime|membership|subscription|plan) (?:is|has become|feels) (?:a |such a |a total )?(?:joke|scam|useless|pointless|worthless|rip-?off)",
  "(?:paying|prime|membership|subscription) (?:is |seems |feels )?(?:so )?pointless",
  "(?:the )?last time (?:i|we)(?:'ll| will)? (?:ever )?(?:order|use|buy|shop|fly|book)",
  "(?:will be|was|is) my (?:last|final) (?:order|purchase|flight|booking|month|year)",
  "(?:is|are) (?:\\S+ ){1,3}(?:even|still) worth (?:it|the money|paying|the price|having)",
  // en: price and value objections
  "(?:too|so|way too|really|very|ridiculously) (?:expensive|pricey|costly|dear)",
  "overpriced|over priced|rip ?-?off",
  "prices? (?:seems?|are|is|looks?|feels?) (?:a bit |quite |very |really |so |too |way too )?(?:high|steep|expensive)",
  "price (?:hike|increase|rise|gouging)|prices? (?:went|go|gone|going|keep going) up|rais(?:e|ed|ing) (?:the |your )?prices?",
  "cheaper (?:elsewhere|at|on|from|in|somewhere)",
  "not worth (?:it|the money|the price|paying)",
  "(?:can'?t|cannot) (?:afford|justify)",
  "price ?match",
  "(?:a lot|much|way|far) more than (?:i|we) (?:paid|used to pay|pay)",
  "(?:lower|better|cheaper) (?:price|deal|option)s?",
  // es
  "(?:cambiar(?:me)?|me cambio|me voy|irme) (?:a|con) (?:otr[oa]|la competencia)",
  "competencia",
  "no (?:vuelvo|volveré|volvere) a comprar",
  "dejar de comprar",
  "(?:muy|demasiado) car[oa]s?",
  "más barato|mas barato",
  "darme de baja|cancelar (?:mi )?(?:suscripción|suscripcion|cuenta|contrato)",
  "(?:me doy|me di|me voy a dar|darse) de baja",
  "no (?:vuelvo|volveré|volvere|pienso volver) a (?:pedir|usar|volar|contratar)",
  // fr
  "concurren(?:t|ts|ce)",
  "(?:aller|passer|commander|acheter) ailleurs|autre fournisseur",
  "plus jamais",
  "(?:trop|beaucoup trop) cher",
  "moins cher",
  "résilier|resilier",
  "je (?:pars|passe) chez",
  "(?:me )?désabonn(?:er|e|é)|(?:me )?desabonn(?:er|e)",
  "ne vaut (?:plus|pas) le coup",
  // de
  "anbieter (?:zu )?wechseln|wechsle|konkurrenz|woanders",
  "nie wieder",
  "(?:zu|viel zu) teuer",
  "günstiger|guenstiger",
  "kündige|kündigen|kuendigen",
  // pt
  "(?:mudar|trocar) (?:para|de) (?:outr[oa]|loja|operadora|fornecedor)",
  "concorrência|concorrencia",
  "nunca mais",
  "(?:muito caro|caro demais)",
  "mais barato",
  "cancelar (?:minha )?(?:assinatura|conta)",
  "não compensa|nao compensa",
];

const RETENTION_PHRASES = new RegExp(PATTERNS.map((p) => `${B}(?:${p})${E}`).join("|"), "giu");

/**
 * The retention phrases in a text, as written (trimmed, in order, distinct, at most 5).
 * Never throws; a text with none gives [].
 */
export function retentionPhrases(text: string): string[] {
  const found: string[] = [];
  for (const m of text.replace(/[’`´]/g, "'").matchAll(RETENTION_PHRASES)) {
    const phrase = m[0].trim();
    if (!found.some((f) => f.toLowerCase() === phrase.toLowerCase())) found.push(phrase);
    if (found.length === 5) break;
  }
  return found;
}
