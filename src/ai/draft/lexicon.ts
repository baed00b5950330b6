/**
 * The concepts a model's part of a reply may not express, in the five languages we write (en, es,
 * fr, de, pt), as regular expressions over the guard's normalised views (normalize.ts: lower case,
 * no diacritics, `ß` -> `ss`, confusables mapped; the `folded` view also reads `c0up0n`, `r e f u n d`).
 * These are concepts, not phrasings: each entry names a kind of promise (a discount, a code, free
 * shipping, a refund, ...) broadly, because the model has no reason to use any of these words: the
 * system renders every commitment (commitments/). `ref` names the rendered commitments that let the
 * model refer to a concept in words ("the code below", "with shipping on us"); figures never.
 */
import type { CommitmentKind } from "./commitments";

export type GuardKind = "offer" | "escalation" | "grounding" | "deadline" | "internal" | "pii" | "meta" | "language" | "markup" | "empty";

export interface Concept {
  kind: GuardKind;
  /** What the words express, for the violation's detail ("a refund", "a manager"). */
  concept: string;
  /**
   * The rendered commitments under which a figure-free reference is allowed: "any-offer" for any
   * discount, free shipping or person-approved action. Absent: never allowed.
   */
  ref?: Array<CommitmentKind | "any-offer">;
  re: RegExp;
}

const r = (source: string) => new RegExp(source, "g");

/** Shipping words: "free" in their sentence is free shipping (a commitment), otherwise a free gift. */
export const SHIPPING_WORDS = r(
  String.raw`\b(?:shipping|ships?|shipped|delivery|deliveries|deliver|postage|carriage|p&p|courier|freight|envio|envios|entrega|porte|portes|livraison|frais de port|expedition|envoi|versand|versandkosten|lieferung|porto|zustellung|frete|despacho)\b`,
);

/** Words that widen a referred-to commitment ("another code", "free shipping on every order"). */
export const EXTENSION_WORDS = r(
  String.raw`\b(?:additional|extra|another|further|second|bonus|on top|in addition|every|always|forever|never expires?|from now on|future orders?|lifetime|for life|for a year|unlimited|each order|all (?:your )?(?:future )?orders|any order|adicional(?:es)?|otr[oa] (?:cupon|codigo|descuento)|ademas|todos los pedidos|siempre|cualquier pedido|cada pedido|supplementaire|en plus|un autre|deuxieme|toujours|chaque commande|toutes (?:vos|les) commandes|zusatzlich\w*|weitere[nrms]?|obendrein|jede[nrms]? bestellung|alle bestellungen|immer|outr[oa] (?:cupao|codigo|desconto)|alem disso|sempre|qualquer encomenda|cada encomenda|todas as encomendas|every purchase|any purchase|each purchase|all (?:your )?purchases|up a notch|more off|top(?:ped|ping)? (?:it |that )?up|boost\w*|bump(?:ed|ing)? (?:it |that )?up|increas\w*|doubl\w*|friends and family|pass it on|share it with|cada compra|cualquier compra|amigos y familia|chaque achat|tous vos achats|amis et famille|jede[nrms]? (?:einkauf|kauf)|bei jedem (?:einkauf|kauf)|freunde und familie|an freunde|qualquer compra|amigos e familia)\b`,
);

/**
 * Phrases that name the customer's own request, not a promise ("your refund request"); masked
 * before the offer concepts are read.
 */
export const REQUEST_PHRASES = r(
  String.raw`\b(?:refund|return|replacement|reimbursement) (?:request|policy|process)\w*|\brequest(?:ed|ing)? (?:for )?an? (?:refund|replacement)\b|\basked (?:us )?(?:for|about) an? (?:refund|replacement)\b|\bsolicitud de (?:reembolso|devolucion)\b|\bdemande de (?:remboursement|retour)\b|\b(?:ruck)?erstattungs(?:antrag|anfrage|wunsch)\w*|\bpedido de (?:reembolso|devolucao)\b|\bfeel free\b|\bfree to (?!(?:keep|have|take|use|claim|collect|order)\b)[a-z]+\b|\b[a-z]+-free\b|\bfree (?:of|from) (?!charge|cost|payment|postage|shipping|delivery)\b|\b(?:choos|find|pick|buy|select|look(?:ing)? for|shop(?:ping)? for|search(?:ing)? for)\w* (?:a|an|the|your|her|his|their) (?:\w+ )?(?:gift|present)s?\b|\b(?:your|su|sua|votre|ihre[rnm]?) (?:suggestion|sugerencia|sugestao|vorschlag|question|pregunta|pergunta|frage|idea|idee|ideia|comentario|commentaire|kommentar|request|pedido|demande|anfrage) (?:about|sobre|sur|zu|de|on|regarding|acerca de|for|por|nach) (?:\w+ ){0,2}(?:discounts?|descuentos?|descontos?|remises?|rabatt\w*|reductions?|codes?|codigos?|vouchers?|gutschein\w*|free shipping|envio gratis|refunds?|reembolsos?|remboursements?)\b|\bvous (?:l'|les |la |le )?(?:aviez |avez |aurez )?offert\w*|\b(?:you|usted|vous|sie|voce) (?:\w+ ){0,2}(?:asked|requested|wanted|would like|'d like|pidio|solicito|avez demande|aviez demande|hatten gefragt|baten|wollten|pediu|solicitou) (?:\w+ ){0,3}(?:speak|talk|hablar|parler|sprechen|falar|escalat\w*)\b[^.\n]{0,40}|\bob sie mit (?:\w+ ){0,3}sprechen\b|\bcredit card\b|\bcarte (?:de credit|bancaire)\b|\btarjeta de credito\b|\bkreditkarte\b|\bcartao de credito\b|\b(?:zip|post|postal|area|country|dress|bar|qr) codes?\b|\bcodigo postal\b|\bcode postal\b|\bpostleitzahl\b`,
);

export const CONCEPTS: Concept[] = [
  // --- offers: figures never; a figure-free reference only to what the block renders ---
  {
    kind: "offer",
    concept: "a percentage",
    re: r(
      String.raw`%|٪|‰|\b\d+\s*(?:pct|pc|p\.c\.|perc|pcent|procent)\b|\bper\s*cent\b|\bpercent\w*|\bpor\s*ciento\b|\bporcentaje\b|\bpour\s*cent\b|\bpourcentage\b|\bprozent\w*|\bpor\s*cento\b|\bpercentagem\b|\bporcentagem\b`,
    ),
  },
  {
    kind: "offer",
    concept: "a price cut",
    re: r(
      String.raw`\b(?:half|a (?:third|quarter|fifth|tenth))\s*(?:price|off)\b|\bhalf[\s-]*price\b|\bhalf (?:the )?(?:usual |normal |regular |original )?(?:price|cost)\b|\b(?:two|2) for (?:one|1)\b|\bbuy one,? get one\b|\bbogo\b|\b2x1\b|\b(?:mitad|medio) (?:de )?precio\b|\bmoitie (?:du )?prix\b|\bhalbe[nm]? preis\b|\bmetade do preco\b|\bspecial (?:price|prices|pricing|rate)\b|\bprecio especial\b|\bprix (?:reduit|special|barre)\b|\bsonderpreis\w*|\bpreco especial\b|\bknock(?:s|ed|ing)?\b[^.\n]{0,40}\boff\b|\b(?:take|took|taking|takes)\b[^.\n]{0,30}\boff (?:your|the|any|all|every)\b|(?:\d|£|€|\$|\b(?:ten|five|twenty|fifteen|thirty|fifty|half|third|quarter|fifth|tenth))[^.\n]{0,12}\boff\b`,
    ),
  },
  {
    kind: "offer",
    concept: "a discount",
    ref: ["discount"],
    re: r(
      String.raw`\bdiscount\w*|\breductions?\b|\brebates?\b|\bmarkdowns?\b|\bmoney off\b|\boff (?:your|the|any|all|every) (?:next |first |whole |entire |new )?(?:order|basket|purchase|bill|total|price|item|shop)s?\b|\bcheaper\b|\blower (?:the |your )?prices?\b|\b(?:exclusive|special|loyalty|welcome|retention|personal|great|better) (?:deal|offer)s?\b|\bdeal (?:for you|on your)\b|\bbargain\w*|\bpromo(?:tion(?:al)?)?s?\b|\bsale price\b|\bsavings?\b(?! (?:this|the|it|that|your|these) (?:link|page|email|e-mail|message|number|details|tracking))|\bsav(?:e|ing) (?:on|money|\d|up to|yourself)\b|\bdescuento\w*|\brebaja\w*|\bpromocion\w*|\bmas barato\b|\bremise\w*|\brabais\b|\bristourne\b|\bmoins cher\b|\brabatt\w*|\bnachlass\w*|\bermassigung\w*|\bpreisnachlass\w*|\bgunstiger\b|\bdesconto\w*|\babatimento\b|\bpromocao\b|\bmais barato\b`,
    ),
  },
  {
    kind: "offer",
    concept: "a discount code",
    ref: ["code"],
    re: r(
      String.raw`\bcodes?\b(?! (?:postal|de (?:seguimiento|suivi|rastreio|rastreamento|rastreo|envio|seguimento)))|\bcoupons?\b|\bpromo ?codes?\b|\b(?:enter|apply|use|type|paste|add)(?:s|ing)?\b(?:\s+\S+){0,3}\s+at (?:the )?checkout\b|\bcodigos?\b(?! (?:postal|de (?:seguimiento|rastreio|rastreamento|rastreo|envio|seguimento)))|\bcupon(?:es)?\b|\bcupao\b|\bcupom\b|\bcupoes\b|\b(?:gutschein|rabatt)-?codes?\b`,
    ),
  },
  {
    kind: "offer",
    concept: "store credit or a voucher",
    re: r(
      String.raw`\bcredit\w*(?! where (?:it'?s|its|it is) due)|\bgutgeschrieben\b|\bschreib\w* (?:wir|ich)\b[^.\n]{0,60}\bgut\b|\b(?:wir|ich) schreib\w*\b[^.\n]{0,60}\bgut\b|\bdifferenzbetrag\b|\bvouchers?\b|\bgift ?(?:cards?|certificates?)\b|\b(?:loyalty|reward|rewards|bonus) points\b|\bpoints (?:to|on|in) your account\b|\bcash ?back\b|\b(?:account|store|credit) balance\b|\bsomething on (?:to )?your account\b|\bon your account (?:to spend|for you)\b|\bsaldo a (?:su|seu) favor\b|\bun vale\b|\bum vale\b|\bvales? (?:de|regalo|descuento|compras|oferta)\b|\btarjeta regalo\b|\bpuntos (?:de (?:fidelidad|recompensa)|en su cuenta)\b|\b(?:acumular|ganar|canjear) puntos\b|\bun avoir\b|\bbons? (?:d'achat|de reduction|cadeau)\b|\bcarte cadeau\b|\bguthaben\w*|\bgutschrift\w*|\bgutschein\w*|\bgeschenkkarte\w*|\bbonuspunkte\b|\bcartao (?:oferta|presente)\b|\bpontos (?:de (?:fidelidade|recompensa)|na sua conta)\b|\b(?:acumular|ganhar|trocar) pontos\b`,
    ),
  },
  {
    kind: "offer",
    concept: "a gift",
    re: r(
      String.raw`(?<!as a |for a |the |(?:make|makes|made|making|be|is|was|were|are|such|lovely|nice|perfect|great|wonderful|thoughtful|beautiful|special) (?:a |an )?(?:\w+ )?)\bgift(?:s|ed)?\b(?! for (?:your|a|his|her|their|someone))(?! (?:orders?|wrap\w*|box(?:es)?|messages?|notes?|guides?|ideas?|tags?|bags?|sets?|receipts?|shopping|purchases?)\b)|\bfreebies?\b|\b(?:new|fresh|replacement|second|another|spare|extra) (?:\w+ ){0,2}(?:is|are|will be|would be)(?: all)? yours\b|\ba (?:little|small|nice) (?:something|extra|treat|present|surprise)\b|\bsomething extra\b|\bthrow(?:n|ing|s)? in\b|\bas a bonus\b|\bbonus (?:item|gift|product)\b|\bon the house\b|(?<!as )\b(?:a|little|small|mystery|special|free) presents?\b|\bfree samples?\b|\bour treat\b|(?<!(?:fue|fueron|es|son|era|eran|como|buen|bonito|perfecto) (?:un )?(?:\w+ )?)\bregal(?:o|os)\b(?! (?:para (?:la|el|su|sus|un|una|alguien)|de (?:cumpleanos|boda|navidad|inauguracion))\b)|\bregal(?:amos|arle|aremos)\b|\bobsequio\w*|\bpequeno detalle\b|(?<!(?:fait|ete|est|sera|ferait|comme|en) (?:un )?(?:si )?(?:\w+ )?)\bcadeau\w*(?! (?:pour (?:votre|vos|un|une|quelqu'un)|d'anniversaire|de noel)\b)|\bpetite attention\b|(?<!als )\bgeschenk\w*(?! (?:fur (?:ihre|ihren|ihr|einen|eine|jemand\w*)|zum geburtstag|zur hochzeit|zu weihnachten)\b)|\bschenken\b|\bschenken wir\b|\bprasent\w*|\bkleinigkeit\b|\bzugabe\b|(?<!(?:foi|foram|e|sera|seria|como|era|eram) )\bum presente\b(?! (?:para (?:a|o|sua|seu|um|uma|alguem)|de (?:aniversario|natal))\b)|\buma oferta\b|\bbrindes?\b|\bum mimo\b`,
    ),
  },
  {
    kind: "offer",
    concept: "something free",
    ref: ["free_shipping"],
    re: r(
      String.raw`(?<!-)\bfree\b|\bcomplimentary\b|\bgratis\b|\bgratuit\w*|\bon us\b|\bat no (?:extra |additional )?(?:cost|charge)\b|\bno (?:extra )?charge\b|\bwithout (?:any )?charge\b|\bwaive[ds]?\b|\bwaiving\b|\b(?:cover|covering|covers|pay for|paying for|absorb|take care of|foot) (?:the |your |any |all )?(?:delivery |shipping |postage |return |courier )?(?:cost|costs|postage|shipping|delivery|fee|fees|charge|charges|bill)\b|\b(?:covered|paid|taken care of) by us\b|\bconsider (?:\w+ ){1,4}(?:taken care of|covered|paid for|sorted|settled|on us)\b|\b(?:is|are|be|will be) covered\b|\bsin (?:coste|costo|cargo|gastos)(?: alguno| adicional)?\b|\b(?:corre|correra|corren) (?:de|por) nuestra cuenta\b|\bpor nuestra cuenta\b|\ba nuestro cargo\b|\bsans frais\b|\ba notre charge\b|\ba nos frais\b|\b(?:frais de port|livraison|expedition|port)\w* (?:\w+ ){0,3}(?:pour nous|a nos frais|a notre charge)\b|\boffert(?:e|s|es)?\b|\bpris en charge\b|\bprenons en charge\b|\bkostenlos\w*|\bumsonst\b|\bversandkostenfrei\b|\bubernehmen wir\b|\bwir ubernehmen\b|\bauf unsere kosten\b|\bohne (?:aufpreis|kosten|zusatzkosten|berechnung)\b|\bsem (?:custos?|encargos|qualquer custo)\b|\bpor (?:nossa conta|conta nossa)\b|\bficam? por nossa conta\b|\bsuportamos\b|\bcosts? you nothing\b|\bfallen [^.\n]{0,40}\bkeine(?:rlei)? (?:versand|liefer|rucksende|zusatz)?(?:kosten|gebuhren)\b|\bkeine(?:rlei)? (?:versand|liefer|rucksende|zusatz)?(?:kosten|gebuhren) an\b|\bno (?:shipping|delivery|postage|return) (?:costs?|fees?|charges?) (?:will )?(?:apply|applies|be charged)\b|\bfor nothing\b|\bnothing to pay\b|\bwon'?t cost you\b|\bno cost to you\b|\b(?:cancel|write off|drop|remove) (?:the|your|that) (?:charge|fee|payment|bill)\b|\bno le costara nada\b|\bsin pagar nada\b|\bne vous coutera rien\b|\bkostet sie nichts\b|\bnao lhe (?:custa|custara) nada\b|\b(?:versandkosten|kosten|gebuhr\w*|porto|rucksendekosten|lieferkosten)\b[^.\n]{0,40}\bubernehm\w*|\bubernehm\w*[^.\n]{0,40}\b(?:versandkosten|kosten|gebuhr\w*|porto|rucksendekosten|lieferkosten)\b|\b(?:gastos|coste|costo|costes|cargos?)\b[^.\n]{0,40}\b(?:cubrimos|asumimos|pagamos|nos hacemos cargo)\b|\b(?:cubrimos|asumimos|pagamos|nos hacemos cargo)\b[^.\n]{0,40}\b(?:gastos|coste|costo|costes)\b|\b(?:frais|cout|couts)\b[^.\n]{0,40}\b(?:prenons|assumons|payons|rembours\w*)\b|\b(?:custos|portes|despesas)\b[^.\n]{0,40}\b(?:suportamos|pagamos|assumimos)\b|\b(?:costs?|charges?|fees?|postage)\b[^.\n]{0,40}\b(?:we(?:'ll| will)? (?:pay|cover|absorb)|are (?:ours|covered))\b`,
    ),
  },
  {
    kind: "offer",
    concept: "a refund",
    ref: ["refund"],
    re: r(
      String.raw`\brefund\w*|\breimburs\w*|\bmoney back\b|\bpay (?:you )?back\b|\bcredit (?:it )?back\b|\breverse (?:the|your) (?:charge|payment)\b|\breembols\w*|\bdevolv\w*(?:-lhe)? (?:\w+ ){0,2}(?:dinero|importe|valor|pago|dinheiro|pagamento)\b|\bdevolveremos\b|\brembours\w*|\berstatt\w*|\bruckerstatt\w*|\bgeld zuruck\b|\bdevolver-lhe\b|\bvamos devolver\b`,
    ),
  },
  {
    kind: "offer",
    concept: "a replacement",
    ref: ["replacement"],
    re: r(
      String.raw`\breplacements?\b|\breplac(?:e|ing) (?:it|them|the (?:item|order|product|parcel|piece)|your (?:item|order|product|parcel|piece))\b|\bsend (?:you )?(?:a )?(?:new|fresh|another) (?:one|item|piece|parcel)\b|\bre-?ship\w*|\bre-?send\w*|\bbrand[- ]new (?:replacement|one|item)\b|\bswap (?:it|them)\b|\bexchange (?:it|them|for)\b|\breemplaz\w*|\bsustitu\w*|\breponer\w*|\benviar(?:le)? otr[oa]\b|\bremplac\w*|\brenvo(?:yer|yons|ie)\w*|\bersatz\w*|\bersetz\w*|\baustausch\w*|\bumtausch\w*|\bsubstitu\w*|\benviar(?:-lhe)? (?:outra|outro|uma nova|um novo)\b`,
    ),
  },
  {
    kind: "offer",
    concept: "price matching",
    re: r(
      String.raw`\bprice[- ]?match\w*|\bmatch (?:any|their|that|the|a|competitors'?|our competitors'?) (?:[\w']+ )?prices?\b|\bbeat (?:any|their|that|the|a|this) (?:[\w']+ )?prices?\b|\bmatch (?:it|that|their offer)\b|\bigual(?:ar|amos|aremos) (?:el|su|cualquier|ese) precio\b|\baligner? (?:notre|nos) prix\b|\bnous aligner\b|\bpreis\w* (?:angleich|anpass)\w*|\bpreisgarantie\b|\bbestpreis\w*|\bigualar o preco\b|\bcobrir (?:o|qualquer) preco\b|\balign\w* (?:sur )?(?:le |les |notre |nos )?prix\b|\b(?:match\w*|beat\w*|igual\w*|align\w*|anpass\w*|passen|angleich\w*|unterbiet\w*|cobri\w*|bate\w*)\b[^.\n]{0,50}\b(?:competitor\w*|competition|elsewhere|competencia|competidor\w*|concurrent\w*|concurrence|konkurrenz\w*|mitbewerber\w*|wettbewerb\w*|concorren\w*)|\b(?:competitor\w*|competencia|competidor\w*|concurrent\w*|konkurrenz\w*|concorren\w*)\b[^.\n]{0,30}\b(?:match\w*|beat\w*|igual\w*|align\w*|angleich\w*|unterbiet\w*)`,
    ),
  },
  {
    kind: "offer",
    concept: "an upgrade",
    re: r(
      String.raw`\bupgrad\w*|\bbump(?:ed)? you up\b|\bpremium (?:membership|status|tier|account|club)\b|\bvip (?:status|membership|access|treatment|club|programme|program|tier|voucher|perks)\b|\bmembership\b|\bloyalty (?:programme|program|club|scheme|tier)\b|\bexpress (?:shipping|delivery)\b|\bpriority (?:shipping|delivery|dispatch)\b|\bperks\b|\benvio (?:urgente|express|prioritario|expresso)\b|\bmembresia\b|\bsurclass\w*|\bstatut vip\b|\blivraison express\b|\bexpressversand\b|\bpremium-?mitgliedschaft\b`,
    ),
  },
  {
    kind: "offer",
    concept: "compensation",
    ref: ["any-offer"],
    re: r(
      String.raw`\bcompensat\w*|\bmake (?:it|this|that) up to you\b|\bgoodwill\b|\bgesture\b|\btoken of (?:our )?(?:appreciation|apology|thanks|gratitude)\b|\bas (?:a|an|our) (?:small |little )?(?:thank[- ]you|apology|sorry)\b|\bcompens\w*|\bgesto\b|\bdedommag\w*|\bgeste\b|\bentschadig\w*|\bkulanz\w*`,
    ),
  },
  // --- escalation: only when the block renders a manager follow-up or escalation ---
  {
    kind: "escalation",
    concept: "a manager or someone senior",
    ref: ["manager_follow_up", "escalation"],
    re: r(
      String.raw`\bmanagers?\b|\bmanagement\b|\bsupervisors?\b|\bteam ?lead(?:er)?s?\b|\bhead of\b|\bdirectors?\b|\bsenior (?:colleague|member|team|staff|agent|advisor|adviser|manager|specialist|person|people)\b|\bboss\b|\bsuperiors?\b|\bup the chain\b|\bescalat\w*|\bgerentes?\b|\bjef[ae]s?\b|\bsupervisor[ae]s?\b|\b(?:un|una|el|la|nuestro|nuestra|mi|le|une|notre|ma|mon|um|uma|o|a|nosso|nossa) (?:responsable|responsavel|encargad[oa]|superieure?|chef|chefe)\b|\bdirector[ae]s?\b|\bescalar\w*|\bsuperviseu?r\w*|\bdirect(?:eur|rice)s?\b|\bchef d'equipe\b|\bfuhrungskraft\w*|\bvorgesetzte\w*|\bteamleiter\w*|\bteamleitung\w*|\bmein(?:e)? (?:chef|chefin)\b|\bleiter(?:in)?\b|\bchefin\b|\bgeschaftsfuhr\w*|\babteilungsleit\w*|\beskalier\w*|\bdiretor[a]?\b|\bchefia\b|\bmore senior\b|\bsomeone senior\b|\bhigher up\b|\bhead office\b|\bupstairs\b|\b(?:shop|store|business|company) owner\b|\bowner of the (?:shop|store|business|company)\b|\b(?:who|that) runs? the (?:whole )?(?:shop|store|business|company)\b|\bin charge\b|\bat the (?:very )?top\b|\bla direction\b|\bde direction\b|\bhierarchie\b|\bla gerencia\b|\bgeschaftsleitung\b|\bvorstand\b|\ba direcao\b|\ba gerencia\b`,
    ),
  },
  {
    kind: "escalation",
    concept: "a call or a visit",
    ref: ["manager_follow_up", "escalation"],
    re: r(
      String.raw`\b(?:call|phone|ring|telephone|visit) you\b|\bgive you a (?:\w+ ){0,2}(?:call|ring|buzz|bell)\b|\b(?:a|an) (?:\w+ )?(?:phone|video) call\b|\b(?:will|'ll|shall|going to|want to|would like to|love to|like to|can|could) (?:\w+ )?(?:call|phone|ring|visit|telephone)\b(?! (?:us|our|the (?:website|site|shop|store|page)|it|that|this|a day))|\b(?:a|an) (?:phone |video |quick )?call (?:from|with)\b|\bcall ?back\b|\bpop (?:round|over|by)\b|\bcome (?:round|over|by) (?:to )?(?:you|your)\b|\bin person\b|\bvisit (?:you|your (?:home|house|address|place))\b|\b(?:le|les) llamar\w*|\bllamarle\b|\bllamaremos\b|\buna llamada\b|\bvisitarle\b|\ble visitar\w*|\ben persona\b|\bvous (?:appeler|appellera|appellerons|telephoner|telephonera|rappeler|rappellera|rendre visite)\b|\bun appel\b|\ben personne\b|\banrufen\b|\bzuruckrufen\b|\bruft sie\b|\brufen wir sie\b|\banruf\b|\bruckruf\w*|\bruf\w* (?:wir |ich )?sie (?!uns\b)(?:\w+ ){0,3}(?:an|zuruck)\b|\btelefonisch\b|\bam telefon\b|\ble llamo\b|\bpor telefono\b|\btelefonicamente\b|\bpar telephone\b|\bau telephone\b|\bvous appelle\b|\bpor telefone\b|\bao telefone\b|\bligo-lhe\b|\b(?:by|over the|on the) (?:phone|telephone)\b|\bbesuchen (?:wir )?sie\b(?! (?:\w+ )?(?:unsere|unseren|uns|auf|im|in)\b)|\bbei ihnen vorbei\w*|\btelefonar(?:-lhe)?\b|\bligar-lhe\b|\bvai ligar\b|\buma chamada\b|\bvisita-lo\b|\bvisita-la\b|\bfazer-lhe uma visita\b`,
    ),
  },
  {
    // No commitment renders a visit: one is never a reference to the block, whatever it carries.
    kind: "escalation",
    concept: "a visit",
    re: r(
      String.raw`\bpop (?:round|over|by)\b|\bcome (?:round|over|by) (?:to )?(?:you|your)\b|\bvisit (?:you|your (?:home|house|address|place))\b|\bcall (?:round|by) (?:at )?(?:your|to you)\b|\bvisitarle\b|\ble visitar\w*|\bpasar(?:a|emos|e)? por su (?:casa|domicilio)\b|\bvous rendre visite\b|\bpasser(?:a|ons|ai)? (?:chez vous|a votre domicile)\b|\bbei ihnen vorbei\w*|\bbesuchen (?:wir )?sie\b(?! (?:\w+ )?(?:unsere|unseren|uns|auf|im|in)\b)|\bvisita-l[oa]\b|\bfazer-lhe uma visita\b|\bpassar(?:a|emos|ei)? (?:pela sua casa|em sua casa|na sua casa)\b`,
    ),
  },
  {
    // Someone other than the writer will contact the customer: the writer may say only that it
    // replies (the acts, acts.ts); another person taking the ticket is a follow-up the policy decides.
    kind: "escalation",
    concept: "someone else contacting the customer",
    ref: ["manager_follow_up", "escalation"],
    re: r(
      String.raw`\b(?:someone|somebody|a colleague|colleagues|a (?:member|specialist|person) (?:of|from|in) (?:our|the) \w+|(?:one of )?our (?:team|specialists?|colleagues?|experts?|staff|people)|(?:the|our) (?:\w+ )?(?:team|department))(?: \w+){0,3} (?:will|'ll|is going to|are going to|shall) (?:\w+ )?(?:be in touch|contact(?:ing)? you|reach(?:ing)? out|get(?:ting)? in touch|follow(?:ing)? up|be contacting|give you a (?:\w+ ){0,2}call|call(?:ing)? you|phone you|ring you)\b` +
        String.raw`|\bse pondra en contacto\b|\b(?:le|les) contactara\b|\bvous (?:contactera|recontactera)\b|\b(?:prendra|reprendra) contact\b|\bwird (?:sich )?(?:\w+ ){0,4}(?:bei ihnen|mit ihnen|sie) (?:\w+ ){0,3}(?:melden|kontaktieren|in verbindung setzen)\b|\bentrara em conta(?:c)?to\b|\bvai entrar em conta(?:c)?to\b|\b(?:ira|vai) contacta-l[oa]\b`,
    ),
  },
  // --- deadlines: relative times are commitments ---
  {
    kind: "deadline",
    concept: "a deadline",
    re: r(
      String.raw`\bwithin\b(?! (?:the|our|your) (?:range|collection|shop|store|team|policy|guidelines|account|order|basket|family))|\bin (?:the next )?(?:\d+|a|an|one|two|three|four|five|six|seven|ten|fourteen|thirty|a few|a couple of|several)(?:[- ](?:to|or)[- ]\w+)? (?:more )?(?:working |business |calendar )?(?:minutes?|hours?|days?|weeks?|months?)\b|\bby (?:the )?(?:end of|close of|eod|cob|noon|midday|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend|(?:next|this) (?:week|weekend|month|evening|afternoon|morning|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|christmas|\d)|\bbefore (?:the )?(?:weekend|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|christmas|end of|next|\d)|\bno later than\b|\bat the latest\b|\btomorrow\b|\btonight\b|\blater today\b|\b(?:arrive|arrives|ship|ships|dispatch\w*|sent|send|deliver\w*|process\w*|refund\w*|resolve\w*|with you) (?:today|this (?:week|afternoon|evening))\b|\bthis (?:afternoon|evening|week|weekend)\b|\bnext (?:week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday|business day|working day)\b|\bend of (?:the )?(?:day|week|month)\b|\bsame[- ]day\b|\bnext[- ]day\b|\bovernight\b|\b24\/7\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b|\bguarantee\w*[^.\n]{0,30}\b(?:arriv|deliver)\w*|\bdeadline\b|\b(?:a|an|one|two|three|a couple of|a few) (?:days?|hours?|weeks?|minutes?) or (?:so|two|three)\b|\bin no time\b|\bany (?:day|minute|moment|time) now\b|\bfirst thing\b|\bclose of (?:play|business)\b|\bin (?:a|one) (?:jiffy|flash|tick|trice)\b|\bbefore you know it\b|\b(?:twenty|thirty|forty|fifty|sixty|seventy)[- ]?(?:one|two|three|four|five|six|seven|eight|nine)? (?:hours?|days?|minutes?)\b` +
        String.raw`|\bdentro de (?:\d+|un|una|dos|tres|cuatro|cinco|diez|quince|veinte|unos|unas|pocos|pocas|los proximos|las proximas|um|duas|poucos|os proximos)\b|\ben (?:un plazo de )?(?:\d+|un|una|dos|tres|cuatro|cinco|diez|quince|veinte|unos|unas|pocos|pocas)(?:[- ](?:a|o)[- ]\w+)? (?:horas?|dias?|semanas?|meses|mes|minutos?)(?: habiles| laborables)?\b|\ben un plazo\b|\bplazo de\b|\bantes del? (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|fin|proxim\w*|\d)|(?<!la )\bmanana\b|\bhoy mismo\b|\besta (?:semana|tarde|noche)\b|\bproxima semana\b|\b(?:la semana|el mes|el lunes|el martes|el miercoles|el jueves|el viernes|el fin de semana) que viene\b|\bna semana que vem\b|\b(?:kommende|kommenden) woche\b|\ba mas tardar\b|\bcomo muy tarde\b|\b(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b` +
        String.raw`|\bd'ici (?:demain|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|la fin|\d|ce soir|la semaine)|\bsous (?:\d+|quelques|deux|trois) ?(?:h\b|heures?|jours?|semaines?)|\bdans (?:les |un delai de )?(?:\d+|un|une|deux|trois|quatre|cinq|dix|quinze|quelques) (?:heures?|jours?|semaines?|mois)\b|\bavant (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|la fin|le \d|\d|ce soir|noel)|\bdemain\b|\bau plus tard\b|\bcette semaine\b|\bla semaine prochaine\b|\bce soir\b|\bdelai de\b|\bdans la (?:journee|matinee|soiree)\b|\ben fin de (?:journee|matinee)\b|\bdans l'apres-midi\b|\ben (?:un par de|unos pocos|unas pocas|algunos|algunas) (?:horas|dias|semanas)\b|\ba lo largo del dia\b|\ben el dia de hoy\b|\bin ein paar (?:stunden|tagen|wochen)\b|\bim laufe des tages\b|\bem (?:um par de|alguns|algumas) (?:horas|dias|semanas)\b|\bao longo do dia\b|\bainda hoje\b|\bhoje mesmo\b|\baujourd'hui (?:meme|encore)\b|\b(?:i|we)(?:'ll| will| shall) (?:\w+ ){1,6}today\b|\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b` +
        String.raw`|\binnerhalb (?:von )?(?:\d+|einem|einer|zwei|drei|vier|funf|sieben|zehn|vierzehn|weniger|kurzer|der nachsten)\b|\bbinnen\b|\bbis (?:morgen|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|ende|zum|spatestens|heute|nachste|\d)|\bspatestens\b|(?<!guten |am )\bmorgen\b|\bheute (?:noch|abend|nachmittag)\b|\bnoch heute\b|\bdiese woche\b|\bnachste[nr]? woche\b|\bin (?:\d+|einem|einer|zwei|drei|vier|funf|sieben|zehn|wenigen) (?:stunden?|tagen?|werktagen?|wochen?|monaten?)\b|\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)s?\b|\bfrist\b` +
        String.raw`|\bem (?:\d+|um|uma|dois|duas|tres|quatro|cinco|dez|poucos|poucas) (?:horas?|dias?|semanas?|meses|mes|minutos?)(?: uteis)?\b|\bno prazo de\b|\bate (?:amanha|segunda|terca|quarta|quinta|sexta|sabado|domingo|ao fim|o fim|\d|ao final|hoje)|\bamanha\b|\bo mais tardar\b|\besta semana\b|\bna proxima semana\b|\bprazo de\b|\b(?:segunda|terca|quarta|quinta|sexta)-feira\b|\b(?:sabado|domingo)\b`,
    ),
  },
  // --- internal measures and labels ---
  {
    kind: "internal",
    concept: "an internal measure or label",
    re: r(
      String.raw`\bchurn\w*|\bp\(alive\)|\bpalive\b|\bprobabilit\w*|\blikel(?:y|ihood) (?:to|that you(?:'ll| will)?) (?:leave|churn|stop|lapse|go|switch|order|buy|return|come back|shop)\b|\bunlikely to\b|\b(?:probably|may|might) not (?:come back|return|order|buy|shop)\b|\b(?:statistical|scoring|prediction|predictive|ai|machine learning|propensity) model\b|\b(?:our|the) model (?:predicts|says|shows|estimates|flags|thinks|indicates|suggests|puts)\b|\bpredict\w*|\bforecast\w*|\balgorithm\w*|\banalytics\b|\b(?:our|the) (?:data|system|systems|analysis|tool|tools|crm|dashboard) (?:show|shows|showed|suggest|suggests|indicate|indicates|flag|flags|flagged|noticed|notice|say|says|tell|tells|predicts?|classif\w*)\b|(?<!on (?:that|this|either|both|every|any|which) )\bscor(?:e|es|ed|ing)\b|\bsegment\w*|\btiers?\b|\bcohort\w*|\bat[- ]risk\b|(?<!\bto )\brisk\w*|\bdormant\b|\blapsed\b|\binactive\b|\bhibernat\w*|\babout to sleep\b|\bneeds? attention\b|\bcan'?t lose them\b|\bchampions\b|\bpotential loyalist\w*|\b(?:low|high|mid|medium|top|lower|higher|middle)[- ]value\b|\bvalue (?:band|bracket|group|segment|score|tier|level|class)\b|\blifetime value\b|\bclv\b|\bltv\b|\brfm\b|\barchetyp\w*|\bclassif\w*|\bcategori[sz]\w* (?:you|as)\b|\bflagged (?:you|as)\b|\bdrifting\b|\bslipping away\b|\bshopper type\b|\bcustomer (?:type|category|class|group|cohort|segment|score)\b|\b(?:one of|among|part of|in) our (?:\w+ ){0,2}(?:band|bracket|group|category|list|tier|level|class|circle)s?\b|\bone of our (?:quiet|quieter|quietest|less active|least active|occasional|top|best|biggest|highest|most valuable|heaviest|bigger)\w* (?:customers|shoppers|clients|buyers)\b|\b(?:highest|top|premium|gold|silver|bronze|platinum|loyalty) (?:loyalty )?(?:tier|band|level|status|bracket)\b|\bgone (?:a (?:bit|little) )?quiet\b|\bquiet(?:er|est)? customers?\b|\bon our (?:list|radar|books as)\b|\b(?:numbers|figures|stats|statistics|metrics|data) (?:we|that we) (?:look at|track|keep|see|use)\b|\bdown (?:on our side |with us )?as\b|\bwin-?back\b|\b(?:marked|flagged|tagged|labell?ed|classed|treated|logged) as (?:a )?(?:high|top|urgent)[- ]priority\b|\b(?:high|top|urgent)[- ]priority (?:case|ticket|customer|status|flag|queue|list)\b|\b(?:marcad[oa]|clasificad[oa]|marque|marquee|markiert|eingestuft|classificad[oa]) (?:como|comme|als) (?:de )?(?:alta|haute|hoher|hohe|urgente|prioritar\w*|prioritaet|prioritat)\w*\b|\b(?:forma parte de|pertenece a|esta en) (?:nuestro|nuestra) (?:\w+ )?(?:grupo|segmento|categoria|lista|nivel)\b|\bfait partie de (?:nos|notre) (?:\w+ )?(?:meilleurs clients|clients fideles|groupe|segment|categorie)\b|\bgruppe unserer\b|\bwertvollsten kund\w*|\bkund\w* gefuhrt\b|\bfaz parte (?:do nosso (?:grupo|segmento)|dos nossos (?:melhores )?clientes)\b|\bre-?engagement\b|\breactivation\b|\b(?:our|the) records (?:show|shows|showed|suggest|suggests|indicate|indicates|say|says|tell|tells|flag|flags)\b(?! (?:that )?(?:your (?:most recent |last |latest |previous |first |earlier )?(?:orders?|parcels?|package|purchases?|deliver\w*)|(?:the )?orders?\b|#))|\baccording to our (?:data|records|figures|numbers|analysis|analytics|systems?)\b|\b(?:your|account|shopping|purchase|order|buying) activity\b|\bactivity (?:with us|on your account|has)\b|\bquiet(?:en)?ed down\b|\b(?:less|not as|not so|more) active\b|\b(?:added|generated|created|decided|set|applied|calculated|chosen|worked out) (?:\w+ ){0,2}by (?:our|the) (?:system|systems|software|platform|tool|algorithm)\b|\b(?:picked|selected|chosen|identified|singled) (?:out )?by our (?:system|systems|data|algorithm|tools?|crm|analytics)\b|\bour (?:system|systems|data|algorithm|crm) (?:picked|selected|chose|identified|singled)\b|\bour (?:most|least) (?:valuable|active) customers\b|\b(?:d'apres|selon) nos (?:donnees|chiffres|statistiques|analyses)\b|\bnos clients les plus\b|\bsegun nuestros (?:datos|registros|analisis)\b|\bnuestros clientes mas\b|\blaut unsere[rnm]? (?:auswertung|daten|zahlen|analyse)\b|\bunserer auswertung\b|\bzuruckgewinnen\b|\b(?:segundo|de acordo com) (?:os nossos (?:dados|registos|registros)|a nossa analise|as nossas estatisticas)\b|\bos nossos clientes mais\b` +
        String.raw`|\bmodelo (?:de (?:ia|prediccion|previsao|riesgo|risco|puntuacion)|predictivo|preditivo|estadistico|estatistico)\b|\b(?:nuestro|el|o nosso|o) modelo (?:indica|preve|predice|estima|diz|mostra|muestra)\b|\bprediccion\w*|\bnuestro sistema\b|\bpuntuacion\b|\briesgo\w*|\babandono\b|\binactiv[oa]s?\b|\bdormid[oa]s?\b|\badormecid[oa]s?\b|\b(?:bajo|alto|poco|baixo) valor\b|\bmodele (?:predictif|statistique|de prediction)\b|\bnotre modele\b|\bnotre (?:outil|systeme|algorithme|analyse)\b|\brisque\w*|\binacti(?:f|ve|fs|ves)\b|\b(?:faible|forte|petite) valeur\b|\bclasse(?:e)? comme\b|\b(?:vorhersage|prognose|ki|scoring)modell\w*|\bunser modell\b|\bvorhersage\w*|\bprognose\w*|\brisiko\w*|\bwahrscheinlichkeit\w*|\babwander\w*|\binaktiv\w*|\bkundenwert\w*|\b(?:unserer|laut) analyse\b|\bgeringe[mnr]? wert\b|\bprevis(?:ao|oes)\b|\bprevision(?:es|s)?\b|\bpontuacao\b|\brisco\w*|\binativ[oa]s?\b|\bnosso sistema\b|\bo nosso algoritmo\b|\bsegmento\w*|\bcategori[ae] de (?:clientes|clients)\b|\bclasificad[oa]s? como\b|\bprobabilidad\w*|\b(?:classe|classee|range|rangee|identifie|identifiee)s? (?:comme|parmi)\b|\beingestuft\b|\beinstufung\b|\bkundengruppe\w*|\bkundenkategorie\w*|\bruhend\w*|\banalise de clientes\b|\bprobabilidade\b|\bclassificad[oa]s? como\b`,
    ),
  },
  // --- meta-text: the model talking about itself or its instructions ---
  {
    kind: "meta",
    concept: "text about the model or its instructions",
    re: r(
      String.raw`\bthis draft\b|\b(?:added|inserted|appended) automatically\b|\bautomatically (?:added|inserted|appended)\b|\bthis paragraph\b|\b(?:do not|don'?t) have (?:access to|real-?time)\b|\breal-?time (?:access|information|data)\b|\bmy (?:training|knowledge cut-?off)\b|\bmeine[n]? (?:vorgaben|anweisungen)\b|\bgemass meinen\b|\bmis (?:directrices|pautas)\b|\bmes directives\b|\bminhas (?:instrucoes|diretrizes)\b|\b(?:automatically|auto-?) ?generated\b|\bgenerated (?:automatically|by)\b|\bbefore (?:it is |it's )?(?:sent|sending)\b|\bentwurf\b|\bautomatisch (?:generiert|erstellt)\b|\bvor dem versand\b|\bborrador\b|\bgenerad[oa] automaticamente\b|\bbrouillon\b|\bgenere automatiquement\b|\brascunho\b|\bgerad[oa] automaticamente\b|\bas an? (?:ai|a\.i\.|artificial intelligence|language model|llm|assistant|bot|chatbot|automated|virtual)\b|\bai[- ](?:assistant|model|system|language model|powered)\b|\blanguage model\b|\bllms?\b|\bchat ?gpt\b|\bgpt-?\d\w*|\bopenai\b|\b(?:virtual|automated|digital|ai) assistant\b|\bi am (?:an? )?(?:ai|bot|chatbot|assistant)\b|\bi'm (?:an? )?(?:ai|bot|chatbot)\b|\b(?:my|previous|prior|above|system|original) instructions\b|\binstructions (?:say|said|tell|told|above|i was given|i received|from the system)\b|\bper my instructions\b|\bsystem prompt\b|\b(?:the|my|this) prompt\b(?! (?:reply|response|payment|delivery|service|attention|answer))|\brules above\b|\bthe rules (?:above|i was given|say|i must follow|forbid|don't allow|do not allow)\b|\bmy rules\b|\b(?:ignore|ignoring|ignored|disregard\w*)\b(?: \w+){0,3} (?:instructions|rules|previous|above|prior|guidelines|prompt)\b|\bthe ticket (?:says|said|asks|asked|instructs|told|tells|contains|text)\b|<\/?ticket>|\bfacts:|\bdecision:|\bjson\b|\bplaceholders?\b|\bhere(?:'s| is) (?:the|a|your|my) (?:reply|response|draft|email|answer|message)\b|^(?:sure|certainly|of course|okay|ok)[!,.:]? here\b|\bi (?:cannot|can't|can not|won't) comply\b|\bnot (?:allowed|permitted) to (?:mention|share|discuss|offer|say|reveal|disclose)\b|^subject:|\[(?:insert|name|customer|your name|agent)[^\]]*\]|\{\{|\}\}|<\|[a-z_]+\|>` +
        String.raw`|\bcomo (?:una |um |uma )?(?:ia|inteligencia artificial|modelo de (?:ia|lenguaje|linguagem)|asistente virtual|assistente virtual)\b|\bmodelo de (?:ia|lenguaje|linguagem)\b|\bmis instrucciones\b|\binstrucciones (?:anteriores|del sistema|previas)\b|\bignor\w* (?:las |todas las )?instrucciones\b|\bno tengo permitido\b|\ben tant qu'(?:ia|intelligence artificielle|assistant)\b|\bmodele de (?:langage|ia)\b|\bassistant virtuel\b|\bmes (?:consignes|instructions)\b|\bconsignes (?:systeme|precedentes)\b|\binstructions precedentes\b|\bignor\w* (?:les )?(?:consignes|instructions)\b|\bals (?:ki|kunstliche intelligenz|sprachmodell)\b|\bki-\w+|\bsprachmodell\w*|\bmeine anweisungen\b|\b(?:vorherigen|bisherigen|obigen) anweisungen\b|\bsystem(?:anweisung|prompt)\w*|\bcomo (?:uma )?ia\b|\bas (?:minhas|suas) instrucoes\b|\binstrucoes anteriores\b|\bignor\w* as instrucoes\b`,
    ),
  },
  // --- other people ---
  {
    kind: "pii",
    concept: "another person's data",
    re: r(
      String.raw`\b(?:another|a different|one of our other) customer(?:'s)?\b|\bother customer's\b|\bcustomer (?:named|called)\b|\b(?:the )?previous (?:owner|customer|account holder)\b|\b(?:he|she) (?:lives|lived|ordered|bought|paid|had|placed|loved|called|wrote|returned)\b|\b(?:his|her) (?:order|address|email|phone|account|details|parcel|number|purchase)\b|\blive[sd]? at\b|\baddress (?:is|was|on file)\b|\baccount on file\b|\botr[oa] client[ea]\b|\bun(?:e)? autre client(?:e)?\b|\bein(?:e)? andere[rn]? kund\w*|\boutr[oa] client[ea]\b`,
    ),
  },
];

/** Greeting words after which a name is the person addressed. */
export const GREETINGS =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hola|estimad[oa]|querid[oa]|buenos dias|buenas tardes|bonjour|bonsoir|cher|chere|salut|hallo|liebe[r]?|sehr geehrte[r]?|guten tag|guten morgen|ola|caro|cara|bom dia|boa tarde|prezad[oa])\b/i;

/** Titles before a surname (another person, unless it is the requester's name). */
export const HONORIFICS =
  /(?:\b(?:mr|mrs|ms|miss|mx|dr|sr|sra|srta|dona|dom|mme|mlle|herr|frau|senhor|senhora|senor|senora|madame|monsieur|madam|sir)\.?|\bM\.)\s+([\p{L}'-]+)/giu;
