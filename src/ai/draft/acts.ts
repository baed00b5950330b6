/**
 * What the model may say it does: an allow-list of the actions a reply's writer may take or promise
 * in the first person. The system renders every commitment (commitments/); the model converses.
 * Conversing needs a small set of acts: reading and checking (look into, check, review,
 * investigate, see), keeping the customer informed (reply, get back, keep posted, let you know,
 * be in touch), passing feedback on, thanking, apologising, hoping, understanding, recommending
 * (what the facts hold). Any other act the writer ("I", "we") says it has done, is doing, will do
 * or can do ("I've nudged the code up", "we'll pop another in the post", "I've asked someone more
 * senior", "je vous enverrai", "le incluiremos un regalo") is a commitment the policy did not
 * decide, whatever its words: the check reads the verb's slot, not a list of forbidden phrasings.
 *
 * Read on the guard's `plain` view (normalize.ts: lower case, no diacritics, confusables mapped),
 * sentence by sentence, in the five languages we write. A negated act ("we can't change it") is
 * not a commitment. Pure: no I/O.
 */

/** One act found outside the allow-list. */
export interface UnlistedAct {
  /** The words that carry it ("we'll pop", "le incluiremos"). */
  phrase: string;
  /** Its sentence, trimmed, for the violation's detail. */
  sentence: string;
}

const words = (s: string) => new Set(s.trim().split(/\s+/));
const stems = (s: string): readonly string[] => s.trim().split(/\s+/);

/**
 * English verbs (every form we accept) of the acts a writer may take: reading and checking,
 * informing, thanking and apologising, feeling and hoping, recommending, helping.
 */
const ALLOWED_EN = words(`
  check checks checked checking look looks looked looking see sees saw seen seeing review reviews reviewed reviewing
  investigate investigates investigated investigating read reads reading find found finding notice noticed noticing
  confirm confirms confirmed confirming understand understands understood understanding know knows knew known
  keep keeps kept keeping let lets letting reply replies replied replying
  respond responds responded responding write writes wrote written writing answer answers answered answering
  update updates updated updating follow follows followed following share shares shared sharing pass passes passed passing
  note notes noted noting receive receives received receiving hear hears heard hearing
  be been being am is are was were hope hopes hoped hoping wish wishes wished wishing want wants wanted
  thank thanks thanked thanking apologise apologises apologised apologising apologize apologizes apologized apologizing
  appreciate appreciates appreciated appreciating love loves loved loving like likes liked value values valued valuing
  feel feels felt feeling imagine imagines imagined think thinks thought believe believes believed realise realised
  realize realized recognise recognised recognize recognized agree agrees agreed welcome welcomes welcomed
  recommend recommends recommended recommending suggest suggests suggested suggesting mention mentioned
  help helps helped helping assist assisted explain explains explained explaining try tries tried trying
  do does did done doing need needs needed say says said glad sorry happy here
  point points pointed pointing show shows showed shown showing guide guided guiding walk walked walking talk talked talking chat chatted chatting narrow narrowed narrowing focus focused focusing compare compares compared comparing take taking handle handles handled handling deal dealing dealt cause caused stay stayed remain remained enjoy enjoyed miss missed trust hate lose losing locate located tracked spotted
`);

/** Adverbs between the subject and its verb ("we'll also", "i have just"). */
const ADVERBS_EN = words(
  "just only also already now personally happily gladly simply quickly still really truly definitely certainly absolutely actually always genuinely sincerely totally completely fully immediately right away then again first rather sooner",
);

/** Auxiliaries, and the adverbs, between the subject and its verb. */
const AUX_EN = new Set([
  ...words("will shall have has had would could can may might must should am are is was were be been being going to do did gone ll ve d m re s"),
  ...ADVERBS_EN,
]);

/** Words that make the act a refusal or a question, not a commitment. */
const NEGATION_EN =
  /\b(?:not|never|no|cannot|can't|cant|won't|wont|don't|dont|didn't|didnt|haven't|havent|isn't|aren't|wasn't|couldn't|shouldn't|wouldn't|unable)\b/;

/** Acts allowed only with their object: "take a look", "have a look", "make sure you have ...". */
const ALLOWED_WITH_OBJECT_EN =
  /^(?:get|gets|got|getting|come|comes|came|coming)\s+(?:straight\s+|right\s+)?(?:back|in touch|to the bottom)\b|^(?:take|took|taking|have|having|had)\s+(?:a\s+)?(?:(?:quick|closer|proper|good|careful|further)\s+)?look\b|^(?:pass|passed|passing|share|shared|sharing)\s+(?:your|this|the|these|those|that)?\s*(?:feedback|comments?|suggestions?|thoughts|kind words|message|note)\b|^(?:make|made|making)\s+(?:a\s+)?note\b|^(?:give|given|gave|giving)\s+(?:them|him|her|the team|our team)\s+(?:all\s+)?(?:the\s+)?(?:full\s+)?(?:picture|details|context|background)\b|^(?:call|calls|called)\s+(?:it|that|this|a|an)\b|^double - check|^(?:give|giving|gave)\s+you\s+(?:\S+\s+){0,2}(?:answer|answers|information|update|details|reply|overview|idea|ideas|picture)\b|^(?:include|including|included)\s+(?:that|it|this|those|them)\b|^bear\s+(?:that|this|it|them)\s+in\s+mind\b|^(?:make|making|made)\s+sure\s+(?:i|we)\s+(?:look|check|find|reply|answer|get back|have the right)\b/;

/**
 * Romance and German verbs of the allowed acts, as stems of the normalised text (no diacritics):
 * a verb form is allowed when it starts with one of them.
 */
const ALLOWED_STEMS: Record<"es" | "fr" | "de" | "pt", readonly string[]> = {
  es: stems(
    "valor aprec present dese asegur invit rog indic coment atend centr tom habl har pon dej pregunt pas traslad caus trat ocup estudi analiz examin cont localiz encontr revis comprob mir ver vist investig consult confirm escrib respond contest inform avis mant seg estar estare estamos sere ser ayud agradec lament sent esper entend comprend recib le anot not recomend suger comunic dec dic explic encant alegr hac ten pod",
  ),
  fr: stems(
    "present pri conseill invit rappel assur rassur renseign tien laiss souhait demand concentr pris prend parl recontact constat retrouv caus trait occup etudi analys trouv localis verif regard examin consult vu voir lu lire recu enquet confirm ecri repond revien inform ten tiendr suiv serai serons etre ete aide aider remerci excus espere esper comprend compris not recommand suggere sugger transmet transmis partag reviendr contact di explique expliqu ador souhait pu pourr",
  ),
  de: stems(
    "schatz weiterleit nehm bedauer wiss freu vorschlag mitteil nachseh anseh versicher teil rat zeig bitt gesprochen sprech bekommen erfahren nachgefragt erkundig gefunden verursacht bearbeit befass beschaftig find pruf gepruft schau geschaut sehe gesehen les gelesen kontroll untersuch bestatig schreib geschrieben antwort geantwortet meld gemeldet informier halt gehalten bin sind sein gewesen helf geholfen dank gedankt entschuldig hoff gehofft versteh verstanden erhalt notier empfehl empfohlen weitergeb weitergegeben freu gefreut uberpruf angeschaut kummer gekummert erklar mocht kann konn werd hab wunsch nachseh nachgeseh angeseh ansehen anschau durchgeseh verfolg klar geklart",
  ),
  pt: stems(
    "valoriz aprec apresent dese assegur convid indic concentr foc fal tom pass caus trat ocup estud analis encaminh encontr localiz verific confer olh ver vi vist analis investig consult confirm escrev respond inform avis mant acompanh sigo seguir estar estou estamos ser ajud agradec lament sint esper entend compreend receb le anot recomend suger transmit partilh compartilh dig diz explic ador gost desej faz fiz pod",
  ),
};

/**
 * German particles that turn an allowed verb into a transaction ("schreiben ... gut": credit,
 * "nehmen ... zurück": take back, "tauschen ... um": exchange). Others ("helfe Ihnen gern weiter",
 * "schlage Ihnen vor") leave the act as it was, or belong to a coordinated verb of the clause.
 */
const TRANSACTION_PARTICLES_DE = new Set(["gut", "zuruck", "um", "bei", "ab", "an", "aus", "ein"]);

/** Subjects and auxiliaries that introduce the writer's own act, per language; group 1 is the verb. */
const ACT_PATTERNS: Record<"es" | "fr" | "de" | "pt", readonly RegExp[]> = {
  es: [
    // a present or preterite addressed to the customer: "le mandamos otro", "les enviamos"
    /\b(?:le|les|se lo|se la)\s+(\w{3,}(?:amos|emos|imos))\b/g,
    // he/hemos + participle, voy/vamos a + infinitive, first-person futures (-re, -remos)
    /\b(?:le |les |lo |la |se lo |se la |me |nos )?(?:he|hemos)\s+(?:\w+mente\s+)?(\w+(?:ado|ido|to|cho|sto))\b/g,
    /\b(?:voy|vamos)\s+a\s+(?:\w+mente\s+)?(\w+(?:ar|er|ir)(?:le|les|lo|la|se)?)\b/g,
    /\b(?:le |les |lo |la |se lo |se la |me |nos )?(\w{3,}(?:are|ere|ire|aremos|eremos|iremos))\b/g,
  ],
  fr: [
    // a present addressed to the customer: "nous vous envoyons", "je vous rembourse"
    /\b(?:nous\s+vous\s+(?!avons|sommes|allons)(\w{3,}ons)|je\s+vous\s+(\w{3,}e))\b/g,
    // reflexive perfects: "je me suis permis de ...", "nous nous sommes chargés de ..."
    /\b(?:je me suis|nous nous sommes)\s+(?:(?:bien|deja|aussi|personnellement)\s+)?(\w+(?:e|es|i|is|u|us))\b/g,
    /\b(?:j'ai|j ai|je vous ai|je lui ai|nous avons|nous vous avons|nous lui avons)\s+(?:(?:bien|deja|aussi|egalement|personnellement|immediatement)\s+)?(?:fait\s+)?(\w+(?:e|i|is|it|u|ert|ort))\b/g,
    /\b(?:je|nous)\s+(?:vous |lui |leur |le |la |les |y |en )*(?:vais|allons)\s+(?:vous |lui |leur |le |la |les |y |en )*(\w+(?:er|ir|re|oir))\b/g,
    /\b(?:je|nous)\s+(?:vous |lui |leur |le |la |les |y |en )*(\w+(?:rai|rons))\b/g,
  ],
  de: [
    // a present addressed to the customer: "wir senden Ihnen", "schicken wir Ihnen"
    /\b(?:wir|ich)\s+(\w{3,}e[n]?)\s+(?:ihnen|dir)\b/g,
    /\b(\w{3,}e[n]?)\s+(?:wir|ich)\s+(?:ihnen|dir)\b/g,
    /(?<!\b(?:wenn|ob|dass|als|wie|was|wo)\s+)\bwir\s+(?!(?:haben|werden|wurden|hatten|mussen|wollen|sollen|durfen|konnen|mochten|sind|waren)\b)(\w{3,}en)\b/g,
    /\b(?!(?:haben|werden|wurden|hatten|mussen|wollen|sollen|durfen|konnen|mochten|sind|waren|wenn|dann|denn|oder|aber|einen|unseren|ihren)\b)(\w{3,}en)\s+wir\b(?!\s*\?)/g,
    // ich/wir + werde(n)/habe(n) ... verb at the clause's end
    /\b(?:ich|wir)\s+(?:werde|werden|habe|haben)\b([^.!?,;:\n]{0,80}?)(?=[.!?,;:\n]|$)/g,
    /\b(?:werde|werden|habe|haben)\s+(?:ich|wir)\b([^.!?,;:\n]{0,80}?)(?=[.!?,;:\n]|$)/g,
  ],
  pt: [
    // a present or preterite addressed to the customer: "enviamos-lhe", "lhe mandamos"
    /\b(?:lhe|lhes)\s+(\w{3,}(?:amos|emos|imos))\b/g,
    /\b(\w{3,}(?:amos|emos|imos))-(?:lhe|lhes)\b/g,
    /\b(?:vou|vamos|iremos|irei)\s+(?:\w+mente\s+)?(?:lhe |lhes |o |a |os |as |te )?(\w+(?:ar|er|ir)(?:-lhe|-lhes|-o|-a)?)\b/g,
    /\b(?:lhe |lhes |o |a )?(\w{3,}(?:arei|erei|irei|aremos|eremos|iremos)(?:-lhe|-lhes|-o|-a)?)\b/g,
    /\b(?:eu|nos)\s+(?:ja\s+|tambem\s+)?(\w+(?:ei|emos))\b/g,
    /\b(?:tenho|temos)\s+(\w+(?:ado|ido))\b/g,
  ],
};

/** The rendered block's own acts, as stems, for a sentence that points at it. */
const REFERENCE_STEMS: Record<"es" | "fr" | "de" | "pt", readonly string[]> = {
  es: stems("inclu aplic envi ofrec anad adjunt ped solicit encarg prepar reserv propon propuest"),
  fr: stems("inclu appliqu envo enverr offr ajout joi demand prevenu sollicit charge prepar reserv propos"),
  de: stems(
    "beigefugt hinzugefugt angewendet geschickt gesendet angeboten angehangt gebeten beauftragt weitergeleitet eingeschaltet vorbereitet zusammengestellt biet ubernehm",
  ),
  pt: stems("inclu aplic envi ofere adicion anex ped solicit encarreg prepar reserv propo"),
};

const NEGATION: Record<"es" | "fr" | "de" | "pt", RegExp> = {
  es: /\b(?:no|nunca|jamas|tampoco)\b/,
  fr: /\b(?:ne|n'|pas|jamais|aucun|impossible)\b|\bn'/,
  de: /\b(?:nicht|nie|niemals|kein\w*|leider)\b/,
  pt: /\b(?:nao|nunca|jamais)\b/,
};

/** The text's clauses: split at sentence punctuation, line breaks, ";", ":" and ", and" (", y", ", et", ...). */
function sentences(plain: string): string[] {
  return plain.split(/(?<=[.!?])\s+|\n+|[;:]\s+|,\s+(?=(?:and|but|so|then|y|pero|et|mais|und|aber|e|mas)\s)/).filter((s) => s.trim());
}

function englishActs(sentence: string, rendered: boolean): string[] {
  const out: string[] = [];
  const tokens = sentence.replace(/[’`´]/g, "'").match(/[a-z]+(?:'[a-z]+)?|[^\sa-z]/g) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    let t = tokens[i]!;
    let aux = false;
    // "i'll" / "we've": the subject with its auxiliary in one token
    const joined = t.match(/^(i|we)'(ll|ve|d|m|re)$/);
    if (joined) {
      aux = true;
      t = joined[1]!;
    }
    // "let me send", "let us add": the writer's act too
    if (t === "let" && (tokens[i + 1] === "me" || tokens[i + 1] === "us")) {
      const next = tokens[i + 2];
      if (next && !ALLOWED_EN.has(next) && !ALLOWED_WITH_OBJECT_EN.test(tokens.slice(i + 2, i + 10).join(" ")) && /^[a-z]/.test(next))
        out.push(`let ${tokens[i + 1]} ${next}`);
      continue;
    }
    if (t !== "i" && t !== "we") continue;
    // The subject must start a clause: not "could i", "may we" (questions to the customer) nor "if i".
    const before = tokens[i - 1];
    if (
      before &&
      /^(?:could|can|may|shall|should|would|will|do|did|if|whether|as|than|when|once|until|till|after|before|while|since|unless|soon|so|that)$/.test(before)
    )
      continue;
    // "i hope we can win you back": a wish, not a commitment
    if (tokens.slice(Math.max(0, i - 3), i).some((w) => /^(?:hope|hoping|wish|wishing|trust)$/.test(w))) continue;
    let j = i + 1;
    const auxWords: string[] = joined ? [joined[2]!] : [];
    let negated = false;
    while (j < tokens.length && (AUX_EN.has(tokens[j]!) || NEGATION_EN.test(tokens[j]!)) && auxWords.length < 6) {
      if (NEGATION_EN.test(tokens[j]!)) negated = true;
      else auxWords.push(tokens[j]!);
      j++;
    }
    // "we can't change it", "i won't": a refusal, not a commitment
    if (negated || (joined === null && /n't$/.test(tokens[i + 1] ?? ""))) continue;
    // Adverbs and an emphatic "do" ("we do ship to Norway") leave a present: a practice, not an act.
    aux ||= auxWords.some((a) => !ADVERBS_EN.has(a) && a !== "do" && a !== "does");
    // "i'd like to send", "we'd be happy to add": the act is the verb after "to"
    let hopped = false;
    while (j + 2 < tokens.length && TO_CHAIN_EN.has(tokens[j]!) && tokens[j + 1] === "to") {
      j += 2;
      hopped = true;
    }
    // "i'll continue checking", "we'll carry on looking", "i've gone ahead and sent": the carried act
    let carried = false;
    if (ASPECTUAL_EN.has(tokens[j] ?? "")) {
      let k = j + 1;
      if (tokens[k] === "on") k++;
      if (tokens[k]?.endsWith("ing")) [j, carried] = [k, true];
    } else if (tokens[j] === "gone" || tokens[j] === "went" || tokens[j] === "go") {
      if (tokens[j + 1] === "ahead" && tokens[j + 2] === "and" && tokens[j + 3]) [j, carried] = [j + 3, true];
    } else if (tokens[j] === "taken" && tokens[j + 1] === "the" && tokens[j + 2] === "liberty" && tokens[j + 3] === "of" && tokens[j + 4]) {
      [j, carried] = [j + 4, true];
    }
    const verb = tokens[j];
    if (!verb || !/^[a-z]/.test(verb)) continue;
    if (carried) {
      if (!ALLOWED_EN.has(verb) && !ALLOWED_WITH_OBJECT_EN.test(tokens.slice(j, j + 8).join(" ")) && !(rendered && REFERENCE_ACTS_EN.has(verb)))
        out.push(tokens.slice(i, j + 1).join(" "));
      continue;
    }
    // "we have your order", "i have three": possession, unless promised ("i'll have this sorted")
    if (DETERMINERS_EN.has(verb)) {
      if (auxWords.some((a) => /^(?:will|ll|shall|going|d|would|can|could)$/.test(a)) && auxWords.some((a) => a === "have" || a === "get"))
        out.push(tokens.slice(i, j + 1).join(" "));
      continue;
    }
    const rest = tokens.slice(j, j + 8).join(" ");
    if (ALLOWED_WITH_OBJECT_EN.test(rest)) continue;
    // "i'm sorry", "we'll be in touch": a state after a form of "be", not an act (only -ing forms are)
    const lastAux = auxWords[auxWords.length - 1];
    if (!hopped && lastAux && /^(?:m|re|s|am|are|is|was|were|be|been)$/.test(lastAux) && !verb.endsWith("ing")) continue;
    // A bare present ("we put a lot of care into", "i hope") says what the writer or the shop is
    // like, not what it does for this customer; a bare past ("we sent you another") reports an act.
    if (!aux && !/ed$/.test(verb) && !IRREGULAR_PAST_EN.has(verb)) continue;
    // "i've got your order here": possession
    if (verb === "got" && lastAux && /^(?:have|has|ve)$/.test(lastAux)) continue;
    // "we have plenty of those": possession, not a perfect (whose verb is a participle)
    if (
      lastAux &&
      /^(?:have|has|ve)$/.test(lastAux) &&
      !/(?:ed|en|wn)$/.test(verb) &&
      !IRREGULAR_PAST_EN.has(verb) &&
      !PARTICIPLES_EN.has(verb) &&
      !ALLOWED_EN.has(verb)
    )
      continue;
    if (ALLOWED_EN.has(verb)) continue;
    // "i've put the code below", "we'll waive the delivery charge as set out below": the act the
    // rendered block commits to, named without its figures (the concept checks read its words)
    if (rendered && REFERENCE_ACTS_EN.has(verb)) continue;
    out.push(`${tokens.slice(i, j + 1).join(" ")}`);
  }
  return out;
}

/**
 * A future or progressive passive is an act with its doer left out ("a fresh one is already being
 * set aside", "the postage will be covered", "you'll be refunded"): the same allow-list applies to
 * its participle. States after "be" ("you'll be pleased", "it will be delivered by DPD" reads as a
 * state of the parcel, not a promise) are not acts. Perfect passives ("it has been dispatched")
 * report what the facts may hold and are left to the grounding checks.
 */
function passiveActsEn(sentence: string, rendered: boolean): string[] {
  const out: string[] = [];
  const re =
    /\b((?:will|'ll|shall|is going to|are going to|is|are|'s|'re)\s+(?:also\s+|already\s+|now\s+|then\s+|just\s+|all\s+|automatically\s+|personally\s+)?(?:be|being)\s+(?:(?:gladly|happily|quickly|promptly|fully|personally|automatically|also|already)\s+)?([a-z]+))\b/g;
  for (const m of sentence.replace(/[’`´]/g, "'").matchAll(re)) {
    const [, phrase, verb] = m as unknown as [string, string, string];
    // "is being" needs the participle; "will be" a participle too, never an adjective or "in touch"
    if (!/(?:ed|en|wn)$/.test(verb) && !IRREGULAR_PAST_EN.has(verb) && !PARTICIPLES_EN.has(verb)) continue;
    const at = m.index ?? 0;
    if (phrase.startsWith("is ") || phrase.startsWith("are ") || phrase.startsWith("'s ") || phrase.startsWith("'re ")) {
      if (!/\bbeing\b/.test(phrase)) continue;
    } else if (/\b(?:you|i|we|they|he|she)\s*$/.test(sentence.slice(Math.max(0, at - 8), at))) {
      // "you'll be chuffed", "we'll be delighted": a person's state; a person's passive act
      // ("you'll be refunded") is read by the concept checks
      continue;
    }
    if (ALLOWED_EN.has(verb) || PASSIVE_STATES_EN.has(verb)) continue;
    if (rendered && REFERENCE_ACTS_EN.has(verb)) continue;
    if (NEGATION_EN.test(sentence.slice(Math.max(0, at - 12), at + phrase.length))) continue;
    out.push(phrase);
  }
  return out;
}

/** Participles after "be" that name a state or a feeling, not an act done for the customer. */
const PASSIVE_STATES_EN = words(
  "pleased delighted thrilled relieved interested impressed surprised disappointed excited informed notified updated kept delivered shipped dispatched expected needed required charged asked contacted happened done",
);

/** The acts a sentence pointing at the rendered block may name: the block's own (never "nudged up"). */
const REFERENCE_ACTS_EN = words(
  "prepare prepared preparing waive waived waiving offer offered offering include included including add added adding apply applied applying give given gave giving send sent sending put set attach attached enclose enclosed arrange arranged arranging ask asked asking request requested inform informed let told forward forwarded contact contacted",
);

/** Words after which "to" introduces the real act ("like to", "happy to"). */
const TO_CHAIN_EN = words("like love want wish happy glad able pleased delighted going need try managed manage hate continue continues continued continuing");

/** Verbs whose act is the one they carry on or go ahead with ("continue checking", "gone ahead and sent"). */
const ASPECTUAL_EN = words("continue continues continued continuing carry carrying");

/** A determiner or pronoun where a verb would be: the "have" before it is possession. */
const DETERMINERS_EN = words("your the a an this that these those it its you some no any my our their his her them all every each one two three");

/** Irregular past forms that report an act without an auxiliary ("we sent", "i put"). */
const IRREGULAR_PAST_EN = words("sent took made gave got set brought threw paid spent left bought lent dealt sorted");

/** Participles with the form of their present ("i've put", "we've set"): acts only after "have". */
const PARTICIPLES_EN = words("put set let cut hit shut spread");

function romanceActs(sentence: string, lang: "es" | "fr" | "de" | "pt", rendered: boolean, accented: string): string[] {
  const out: string[] = [];
  const stems = ALLOWED_STEMS[lang];
  for (const re of ACT_PATTERNS[lang]) {
    re.lastIndex = 0;
    for (const m of sentence.matchAll(re)) {
      const group = (m[1] ?? m[2] ?? "").trim();
      if (!group) continue;
      // German: the verb closes its clause, and a coordinated clause may follow ("... gelesen und
      // kümmern uns darum"): the act is allowed when one of its verbs is
      const verb =
        lang === "de"
          ? (group.split(/\s+/).find((w) => stems.some((s) => w.startsWith(s))) ?? group.split(/\s+/).pop() ?? "")
          : group.replace(/-(?:lhe|lhes|o|a)$/, "");
      if (!verb || verb.length < 3) continue;
      // "le volveré a escribir", "voltarei a contactar", "vou continuar a verificar", "je continuerai
      // de vérifier", "seguiré revisando": the act is the verb carried after "a"/"de", or the gerund
      const again = /^(?:volv|voltar|continu|segu|sigo|permis)/.test(verb)
        ? sentence.slice((m.index ?? 0) + m[0].length).match(/^\s+(?:(?:a|de|d')\s*)?(?:vous\s+|lhe\s+|le\s+)?(\w+)/)?.[1]
        : undefined;
      if (again && stems.some((s) => again.startsWith(s))) continue;
      if (lang === "de" && group.split(/\s+/).length > 1 && /^(?:sehr|gern|gerne|froh|leid|da|hier|fur sie da)$/.test(verb)) continue;
      // German separable verbs: "ich schlage Ihnen ... vor" is "vorschlagen" (allowed), "tauschen wir ...
      // um" is "umtauschen" (not): with a particle closing the clause, the whole verb is judged
      const particle =
        lang === "de" && !group.includes(" ")
          ? sentence
              .slice((m.index ?? 0) + m[0].length)
              .match(/^[^.!?,;:\n]*?\b(vor|an|mit|zu|zuruck|gut|auf|aus|bei|ein|nach|weiter|um|ab|her|hin)\s*(?=[.!?,;:\n]|$|(?:und|oder|aber)\b)/)?.[1]
          : undefined;
      const baseAllowed = stems.some((s) => verb.startsWith(s));
      if (particle ? stems.some((s) => `${particle}${verb}`.startsWith(s)) || (baseAllowed && !TRANSACTION_PARTICLES_DE.has(particle)) : baseAllowed) continue;
      // "le pedimos disculpas", "pedimos-lhe paciência", "geben Ihnen Bescheid", "je vous propose de vérifier"
      const after = sentence.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 40);
      if (/^(?:ped|pid)/.test(verb) && /^\s*(?:-lhe\s+)?(?:disculpas|perdon|paciencia|comprension|desculpa|perdao|compreensao)\b/.test(after)) continue;
      if (lang === "de" && /\bbescheid\b/.test(after)) continue;
      if (lang === "fr" && /^propos/.test(verb) && /^\s+d/.test(after)) continue;
      // Spanish: "enviaré" is the writer's future, "quiere" is not; only the accent tells them apart
      if (lang === "es" && /(?:are|ere|ire)$/.test(verb) && !accented.includes(`${verb.slice(0, -1)}é`)) continue;
      // A refusal ("no le enviaremos", "ich habe leider keine"): negation in the act's own words or just before them
      // (not across a comma: "si no aparece, le mandamos otro" is a promise under a condition)
      const at = m.index ?? 0;
      const before = sentence.slice(Math.max(0, at - 12), at);
      if (NEGATION[lang].test(before.slice(before.lastIndexOf(",") + 1) + sentence.slice(at, at + m[0].length))) continue;
      if (rendered && REFERENCE_STEMS[lang].some((s) => verb.startsWith(s))) continue;
      out.push(m[0].trim());
    }
  }
  return out;
}

/**
 * The first-person acts of `plain` outside the allow-list, at most five, in order.
 * @param plain the guard's plain view of the model's text (lower case, no diacritics)
 * @param language ISO 639-1 of the reply; English is always read as well (a reply may slip into it)
 * @param refersToRendered whether a sentence names a commitment the system renders in this reply
 *   ("the code below", "a manager" when the block carries the follow-up): its act may then be one of
 *   the block's own ("i've asked a manager", "he pedido a un responsable"), whose words the concept
 *   checks judge (lexicon.ts: a widened reference is a violation there)
 * @param accented the text in lower case with its accents (the guard's `display` view): Spanish
 *   first-person futures ("enviaré") are told from other verbs ("quiere") by the accent
 */
export function unlistedActs(plain: string, language: string, refersToRendered: (sentence: string) => boolean = () => false, accented = plain): UnlistedAct[] {
  const out: UnlistedAct[] = [];
  for (const s of sentences(plain)) {
    const rendered = refersToRendered(s);
    const found = [...englishActs(s, rendered), ...passiveActsEn(s, rendered)];
    if (language === "es" || language === "fr" || language === "de" || language === "pt") found.push(...romanceActs(s, language, rendered, accented));
    for (const phrase of found) {
      if (out.length === 5) return out;
      out.push({ phrase, sentence: s.trim().slice(0, 100) });
    }
  }
  return out;
}
