/**
 * Sentiment lexicons for support tickets, on AFINN's integer scale (-5..5; Nielsen 2011,
 * "A new ANEW", arXiv:1103.2903).
 *
 * English is AFINN-165 as shipped by the `sentiment` package, corrected by `EN_SUPPORT_OVERRIDES`
 * for words whose everyday polarity misleads in support text ("help", "please", "like" in "I would
 * like to", "recommend" in "what would you recommend", "cancel"), plus shipping and price words
 * AFINN lacks. Spanish, French, German and Portuguese are our own short lists of the words that
 * carry tone in support tickets, written for this project; they are deliberately small and cover
 * complaints, delays, prices and thanks rather than general text. All entries are lower case; the
 * scorer matches them against lower-cased tokens.
 */

export type Lexicon = Readonly<Record<string, number>>;

/** Replacements and additions applied on top of AFINN-165 for English. 0 removes a word. */
export const EN_SUPPORT_OVERRIDES: Lexicon = {
  // neutral in support text
  help: 0, please: 0, want: 0, like: 0, pay: 0, cancel: 0, leave: 0, no: 0, sorry: 0, kind: 0,
  interested: 0, recommend: 0, recommended: 0, dear: 0, support: 0, free: 0, matter: 0, save: 0,
  true: 0, yes: 0, hope: 1, thanks: 1, thank: 1, fire: 0, prime: 0, charges: 0, alert: 0,
  // support-specific tone
  joke: -2, charged: -1, forever: -2, late: -2, delayed: -2, delay: -2, delays: -2, slow: -2,
  slowest: -3, overpriced: -3, expensive: -1, pricey: -1, "rip-off": -3, ripoff: -3, unreliable: -2,
  nightmare: -3, unacceptable: -3, unprofessional: -2, rude: -3, incompetent: -3, fed: -1,
  frustrating: -2, frustrated: -2, infuriating: -3, fast: 1, quick: 1, quickly: 1, prompt: 1,
  helpful: 2, lovely: 3, gorgeous: 3, beautiful: 3,
};

/** Multi-word cues that single-word lexicons miss; scanned in the lower-cased text. */
export const EN_PHRASES: ReadonlyArray<readonly [RegExp, number]> = [
  [/\bstill (?:waiting|not (?:here|arrived|received))\b/, -2],
  [/\bnever (?:arrived|came|received|got)\b/, -2],
  [/\bfed up\b/, -2],
  [/\b(?:too|way too|so) expensive\b/, -1],
  [/\bwaste of (?:time|money)\b/, -2],
  [/\bnever again\b/, -3],
  [/\bnot (?:happy|impressed|pleased|satisfied|good enough)\b/, -1],
  [/\bthanks for nothing\b/, -4],
];

/**
 * Social-media tone markers (English, plus language-neutral ones), scanned in the lower-cased
 * text: "smh", "grrr", "ugh", "wtf", "fml", "🙃"-style sarcasm words, and laughter.
 */
export const SOCIAL_CUES: ReadonlyArray<readonly [RegExp, number]> = [
  [/(?<!\p{L})(?:smh|smdh|grr+|ugh+|argh+|wtf|ffs|fml|omfg|jfc|bs|sigh|meh)(?!\p{L})/u, -2],
  [/(?<!\p{L})(?:ridiculous|pathetic|joke|shambles|disgrace|shocking|fuming|livid)(?!\p{L})/u, -1],
  [/(?<!\p{L})(?:lol|lmao|haha+|hehe)(?!\p{L})/u, 1],
];

/**
 * What a support message is about when it reports a problem: the parcel has not come, the thing
 * does not work, the charge is wrong. People who write this are unhappy even when no word of a
 * general-purpose lexicon says so ("my parcel hasn't arrived" reads negative), so each cue counts
 * -1.5 on the AFINN scale, at most three times. Per language, on the lower-cased text.
 */
export const PROBLEM_CUES: Readonly<Record<string, readonly RegExp[]>> = {
  en: [
    /\b(?:has ?n[o']?t|have ?n[o']?t|did ?n[o']?t|never|not yet|still not|still hasn?t|yet to) (?:been )?(?:arriv|receiv|deliver|come|came|show|turn|get|got|ship|refund|respond|repl|heard|fix)/,
    // the same in a question's word order: "why hasn't my order arrived", "has my refund not come through"
    /\b(?:(?:has|have|did) ?n[o']?t(?: \S+){1,3}|(?:has|have|did)(?: \S+){1,3} not) (?:been |yet )?(?:arriv|receiv|deliver|come|came|show|turn|ship|refund|respond|repl|fix)/,
    /\b(?:not|isn'?t|isnt|doesn'?t|doesnt|don'?t|dont|won'?t|wont|can'?t|cant|cannot|couldn'?t|unable to|stopped) (?:work|load|open|connect|log|sign|access|charg|turn|play|download|find|get through)/,
    /\b(?:broken|damaged|defective|faulty|missing|lost|wrong|stolen|cancell?ed|delayed|late|overcharged|charged twice|double charged|declined|locked out|crash(?:es|ed|ing)?|error|outage|down again|no response|no reply|on hold|disconnected|stuck|scam|fraud)\b/,
    /\b(?:still|again|yet|another|(?:\d+|two|three|four|five)(?:st|nd|rd|th)? (?:time|day|week)s?)\b.*(?:n't\b|\b(?:wait|late|nothing|no|not|never)\b)/,
    /\b(?:got|received|sent me) (?:no|the wrong|a broken|a damaged|someone else)/,
    /\bwhere(?:'s| is| are|s) (?:my|our)\b/,
    /\b(?:can'?t|cannot|unable to|couldn'?t) (?:get|find|access|use|reach|contact|speak|talk|get through|see|change|cancel|update|add|pay|order|buy)\b/,
    /\bkeeps? (?:crashing|freezing|failing|logging|saying|asking|dropping|cancell?ing|charging|getting)\b/,
    /\b(?:no|zero|without any) (?:response|reply|answer|help|update|updates|one|signal|service|internet|power|refund|explanation)\b/,
    /\b(?:nobody|no one|noone) (?:has|is|will|came|answered|responded|helped|called|knows|can)\b/,
    /\b(?:supposed|meant|promised|guaranteed) to\b|\bshould (?:have|'ve) (?:arrived|been|come|got)\b/,
    /\b(?:waited|waiting|been trying|tried (?:\d+|two|three|several|many)|for (?:hours|days|weeks|ages))\b/,
    /\bwhat (?:is going on|'s going on|happened|the hell|the heck)\b|\bhow (?:is (?:this|that|it) (?:possible|acceptable|ok)|come)\b/,
  ],
  es: [/(?:dónde|donde) est[áa] mi|\b(?:no (?:ha )?llega|no funciona|no me (?:llega|han)|roto|rota|dañad|perdid|equivocad|retras|cobrad[oa] dos veces|todavía no|aún no)/],
  fr: [/\boù (?:est|sont) (?:ma|mon|mes)\b|\b(?:pas (?:reçu|arrivé|livré)|ne (?:marche|fonctionne) pas|cassé|abîmé|perdu|erreur|en retard|toujours pas|débité deux fois)/],
  de: [/\bwo (?:ist|bleibt|sind) (?:mein|meine)|\b(?:nicht (?:angekommen|erhalten|geliefert)|funktioniert nicht|kaputt|beschädigt|verloren|falsch|verspätet|immer noch nicht|noch nicht|doppelt)/],
  pt: [/\b(?:cadê|onde está) (?:o |a )?(?:meu|minha)|\b(?:não (?:chegou|recebi|funciona)|ainda não|quebrad|danificad|perdid|errad|atrasad|cobrad[oa] duas vezes)/],
};

export const ES_LEXICON: Lexicon = {
  gracias: 2, genial: 3, excelente: 3, perfecto: 3, bien: 1, bueno: 2, buena: 2, rápido: 2, rápida: 2,
  contento: 2, contenta: 2, encanta: 3, encantado: 3, encantada: 3, amable: 2, satisfecho: 2, satisfecha: 2,
  malo: -2, mala: -2, mal: -2, pésimo: -4, pésima: -4, horrible: -3, terrible: -3, tarde: -2, retraso: -2,
  retrasado: -2, lento: -2, lenta: -2, caro: -1, caros: -1, cara: -1, caras: -1, molesto: -2, molesta: -2,
  enfadado: -3, enfadada: -3, harto: -3, harta: -3, frustrado: -2, frustrada: -2, frustrante: -2,
  decepcionado: -2, decepcionada: -2, decepción: -2, problema: -2, problemas: -2, roto: -2, rota: -2,
  dañado: -2, queja: -2, inaceptable: -3, vergüenza: -3, estafa: -4, fraude: -4, nunca: -1, abogado: -2,
  urgente: -1, peor: -3,
};

export const FR_LEXICON: Lexicon = {
  merci: 2, génial: 3, excellent: 3, excellente: 3, parfait: 3, parfaite: 3, bien: 1, bon: 2, bonne: 2,
  rapide: 2, content: 2, contente: 2, ravi: 3, ravie: 3, adore: 3, satisfait: 2, satisfaite: 2,
  aimable: 2, mauvais: -2, mauvaise: -2, nul: -3, nulle: -3, horrible: -3, terrible: -3, retard: -2,
  lent: -2, lente: -2, cher: -1, chers: -1, chère: -1, énervé: -3, énervée: -3, marre: -3,
  frustré: -2, frustrée: -2, frustrant: -2, déçu: -2, déçue: -2, décevant: -2, déception: -2,
  problème: -2, problèmes: -2, cassé: -2, cassée: -2, endommagé: -2, plainte: -2, inacceptable: -3,
  honte: -3, arnaque: -4, fraude: -4, jamais: -1, avocat: -2, urgent: -1, pire: -3, inadmissible: -3,
};

export const DE_LEXICON: Lexicon = {
  danke: 2, vielen: 1, toll: 3, super: 3, ausgezeichnet: 3, perfekt: 3, gut: 2, gute: 2, schnell: 2,
  zufrieden: 2, freundlich: 2, begeistert: 3, liebe: 2, schlecht: -2, schlechte: -2, schlechter: -3,
  furchtbar: -3, schrecklich: -3, katastrophe: -4, verspätet: -2, verspätung: -2, langsam: -2, teuer: -1,
  teurer: -1, überteuert: -3, ärgerlich: -2, verärgert: -3, sauer: -2, frustriert: -2, frustrierend: -2,
  enttäuscht: -2, enttäuschend: -2, enttäuschung: -2, problem: -2, probleme: -2, kaputt: -2,
  beschädigt: -2, beschwerde: -2, inakzeptabel: -3, unverschämt: -3, unverschämtheit: -3, betrug: -4,
  nie: -1, anwalt: -2, dringend: -1, schlimmste: -3, unzufrieden: -2,
};

export const PT_LEXICON: Lexicon = {
  obrigado: 2, obrigada: 2, ótimo: 3, ótima: 3, excelente: 3, perfeito: 3, perfeita: 3, bom: 2, boa: 2,
  rápido: 2, rápida: 2, contente: 2, feliz: 3, adoro: 3, adorei: 3, satisfeito: 2, satisfeita: 2,
  gentil: 2, ruim: -2, mau: -2, má: -2, péssimo: -4, péssima: -4, horrível: -3, terrível: -3,
  atrasado: -2, atrasada: -2, atraso: -2, demora: -2, demorou: -2, lento: -2, lenta: -2, caro: -1,
  caros: -1, cara: -1, chateado: -2, chateada: -2, irritado: -3, irritada: -3, frustrado: -2,
  frustrada: -2, frustrante: -2, decepcionado: -2, decepcionada: -2, decepção: -2, problema: -2,
  problemas: -2, quebrado: -2, quebrada: -2, danificado: -2, reclamação: -2, inaceitável: -3,
  vergonha: -3, golpe: -3, fraude: -4, nunca: -1, advogado: -2, urgente: -1, pior: -3, absurdo: -3,
};

/** Words that flip the polarity of a lexicon word up to three tokens after them, per language. */
export const NEGATORS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(["not", "no", "never", "dont", "don't", "doesnt", "doesn't", "didnt", "didn't", "isnt", "isn't",
    "wasnt", "wasn't", "arent", "aren't", "cant", "can't", "cannot", "wont", "won't", "hardly", "nor", "without"]),
  es: new Set(["no", "nunca", "ni", "tampoco", "sin", "nada"]),
  fr: new Set(["pas", "ne", "n'", "jamais", "ni", "sans", "aucun", "aucune"]),
  de: new Set(["nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals", "ohne"]),
  pt: new Set(["não", "nao", "nunca", "nem", "sem", "jamais"]),
};
