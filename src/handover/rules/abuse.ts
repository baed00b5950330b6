/**
 * `abuse`: insults, slurs or sexual harassment aimed at the people who answer (or deliver). Not:
 * swearing about the situation ("this shit is expensive", "fucking finally"), a verdict on the
 * service ("your service is crap", "you guys suck"), or a question like "are you stupid?" about a
 * label. Mild insults need a target (second person or staff); strong ones and slurs do not.
 */
import type { Rule } from "./types";

/** Insult nouns that are abuse only when aimed at someone. */
const MILD =
  "bitch|bitches|biatch|idiot|idiots|moron|morons|imbecile|imbeciles|cretin|cretins|clowns|loser|losers|dumbass|dumbasses|dumbo|halfwit|nitwit|numpty|numpties|muppet|muppets|donkey|donkeys|pig|pigs|cow|cows|monkey|monkeys|braindead|retard|retards|retarded|idiota|idiotas|imbecil|imbeciles|estupido|estupida|estupidos|inutil|inutiles|tonto|tonta|tontos|subnormal|subnormales|retrasado|retrasada|payaso|payasos|pendejo|pendeja|pendejos|gilipollas|cabron|cabrona|cabrones|mongolo|mongola|abruti|abrutis|debile|debiles|cretin|cretins|idiot|idiote|idiots|imbecile|bouffon|bouffons|vollidiot|vollidioten|idioten|depp|deppen|trottel|dummkopf|dummkopfe|penner|spast|spasti|spasten|mongo|vollpfosten|honk|otario|otaria|otarios|burro|burra|burros|imbecil|imbecis|idiota|idiotas|retardado|retardada|babaca|babacas|palhaco|palhacos|trouxa|jumento|anta|puta|putas|pute|putes|zorra|perra";
/** Words that are abuse wherever they point (strong insults, slurs). */
const STRONG =
  "connard|connards|connasse|connasses|cunt|cunts|whore|whores|slut|sluts|slag|twat|twats|wanker|wankers|asshole|assholes|arsehole|arseholes|=ass+hole|dickhead|dickheads|motherfucker*|mofo|scumbag|scumbags|bastard|bastards|prick|pricks|skank|hoe|hoes|malparido|malparida|hijueputa|hdp|hijo+de+puta|hijos+de+puta|salope|salopes|encule|encules|enculee|batard|batards|fils+de+pute|pouffiasse|schlampe|schlampen|hure|huren|hurensohn|hurensohne|fotze|arschloch|arschlocher|wichser|missgeburt|fdp|filho+da+puta|filha+da+puta|filhos+da+puta|vadia|vagabunda|arrombado|arrombada|desgracado|desgracada|cuzao|corno|viado|maricon|maricones|marica|sudaca|tapette|schwuchtel|faggot|faggots|fag|fags|nigger|niggers|nigga|niggas|negrata|kike|kikes|spic|spics|chink|chinks|paki|pakis|tranny|trannies|gook|wetback|raghead|towelhead|kanake|kanaken|bougnoule|bicot|crouille";

export const ABUSE_RULES: readonly Rule[] = [
  {
    id: "abuse.insult",
    category: "abuse",
    kind: "insult",
    confidence: 0.85,
    negatable: false,
    typos: false,
    masked: true,
    patterns: [
      "@you _1 are|r|re|is|were|a|an|such|bunch|bunch+of|such+a|total|complete|absolute|useless|stupid|dumb|fucking|fuckin|fking|effing|bloody|damn|pathetic|incompetent|lazy|brainless|braindead|utter _3 @MILD",
      "@you @MILD",
      "@you _3 piece|pieces of shit|crap|garbage|trash|sh1t|sht|filth",
      "stupid|dumb|silly|fat|ugly|old|dozy|daft|lazy|dumme|blode|alte|doofe|bescheuerte|fette|estupida|tonta|gorda|fea|vieja|grosse|sale|vieille|burra|idiota|velha|gorda cow|cows|pig|pigs|bitch|cunt|kuh|sau|ziege|schwein|vaca|cerda|puerca|vache|truie|porc|porca|mucca",
      "@staff _4 is|are|was|were|be _1 a|an|such|bunch+of|total|complete|absolute|real|utter? _2 @MILD",
      "eres|sois|son|es|eras|fuiste|fueron un|una|unos|unas|el+mas|la+mas|muy|tan? _2 @MILD",
      "t|tu|vous es|etes|etiez _1 vraiment|tellement|trop|des|un|une|qu+un|qu+une|que+des _2 @MILD",
      "espece|especes|bande|bandes de|d @MILD",
      "du|ihr|sie bist|seid|sind _1 doch|echt|so|ein|eine|alle|voll|total|richtige|nur _2 @MILD",
      "du|sie @MILD",
      "voce|voces|vc|vcs|tu|vcs e|sao|eh|es _1 um|uma|uns|umas|muito|mt|mto|tao|tudo _2 @MILD",
      "seu|sua|seus|suas @MILD",
      "@staff _1 e|eh|era|foi|es|est|etait|ist|war|sind|son|sao _1 um|uma|un|une|una|ein|eine|muy|tres|total|voll|completamente _2 @MILD",
    ],
    unless: [
      "@MILD proof",
      "making|make|makes|made _2 fool|fools|idiot|idiots",
      "are|r you|u _1 guys|people|lot? stupid|dumb|idiots|morons",
      "not|no|nicht|pas|nao a|an|un|una|um|ein? @MILD",
      "=con _1 el|la|los|las|un|una|mi|tu|su|mis|sus|todo|todos|este|esta|ese|esa|que|quien|cuidado|respecto|tarjeta|paypal|envio",
      "=con",
    ],
  },
  {
    id: "abuse.con",
    category: "abuse",
    kind: "insult",
    confidence: 0.75,
    negatable: false,
    typos: false,
    masked: true,
    patterns: ["des|un|espece+de|bande+de|petit|pauvre|sale|gros|quel|vous+etes+des|t+es+un|tu+es+un =con|=cons|conne"],
    unless: ["=con _1 el|la|los|las|un|una|mi|tu|su|mis|sus|todo|todos|este|esta|ese|esa|que|quien|cuidado|respecto|tarjeta|paypal|envio"],
  },
  {
    id: "abuse.strong",
    category: "abuse",
    kind: "insult",
    confidence: 0.85,
    negatable: false,
    typos: false,
    masked: true,
    patterns: ["@STRONG"],
    unless: [
      "puta madre|mierda|vida|que|hostia",
      "=hoe|hoes garden|gardening|handle|blade|head|tool|set",
      "prick _2 finger|thumb|myself|skin|needle",
      "cow milk|milk|leather|hide|print",
    ],
  },
  {
    id: "abuse.directed",
    category: "abuse",
    kind: "insult",
    confidence: 0.85,
    negatable: false,
    typos: false,
    masked: true,
    patterns: [
      "fuck|fck|fk|fuk|f*ck|f**k|screw you|u|ya|yourself|yourselves|off|of|y+all|yall",
      "go to hell",
      "go fuck|f*ck|die|jump|screw yourself|urself|yourselves|in+a+fire|off+a+cliff",
      "go+die",
      "eat shit|a+dick|my+shit",
      "stfu|gtfo|kys|kill+yourself|kill+urself|kill+yourselves|hope+you+die|hope+u+die|hope+you+all+die|drop+dead|piss+off|shut+the+fuck+up|shut+the+f+up|shut+your+mouth|shut+ur+mouth|suck+my+dick|suck+my+balls|suck+it",
      "vete|iros|idos|vayanse|vayase a+la+mierda|al+carajo|a+tomar+por+culo|a+la+verga",
      "que+te+jodan|que+os+jodan|que+les+jodan|chinga+tu+madre|tu+puta+madre|me+cago+en+tu|me+cago+en+vuestra|me+cago+en+su|callate|cierra+la+boca|cierra+el+pico",
      "va|allez _1 te|vous faire foutre|enculer|voir",
      "nique+ta+mere|nique+ta+race|nique+vous|ta+gueule|ferme+ta+gueule|fermez+vos+gueules|ferme+la|va+crever|allez+crever|creve",
      "fick+dich|fickt+euch|fick+deine|leck+mich|halt+die+fresse|halt+s+maul|halts+maul|haltet+die+fresse|verpiss+dich|verpisst+euch|du+kannst+mich+mal|ihr+konnt+mich+mal|geh+sterben",
      "vai|va|vao|vai+se|vai+te tomar+no+cu|tomar+no+rabo|se+foder|te+foder|a+merda|pra+puta|pro+inferno|pro+caralho|se+fuder|sefoder",
      "cala+a+boca|cale+a+boca|vai+pro+inferno|foda+se+voce|foda+se+voces|vsf|vtnc|tnc",
    ],
    unless: [
      "fuck|fck|screw|stuff off _1 topic",
      "the|tf|da|wtf|what fuck|fck|fk|f*ck @you",
      "told|tell|tells|said|says|telling _2 to? fuck|go|screw off|to|you",
      "why|what+the|how fuck @you|u",
      "off|of _1 the|my|it|this",
      "die _1 cast|casting|hard",
      "va voir|voir _3 commande|colis|site|page|suivi|mail",
    ],
  },
  {
    id: "abuse.sexual",
    category: "abuse",
    kind: "sexual_harassment",
    confidence: 0.8,
    negatable: false,
    typos: false,
    masked: true,
    patterns: [
      "what|wat|wot are|r you|u wearing",
      "send|show me? _2 nudes|nude|naked|boobs|tits|pic+of+yourself|pics+of+yourself|photo+of+yourself|picture+of+yourself|pic+of+urself|pic+of+you|pics+of+you",
      "are|r you|u single|naked",
      "@you|@staff _2 sound|sounds|look|looks|are|r|is|was|so _1 hot|sexy|fit|gostosa|gostoso|caliente|buenorra|bonne|geil|heiss|sexy",
      "your|ur boobs|tits|pussy|dick|cock|=ass|=arse|bum",
      "sleep|hook+up|have+sex|shag with you|u|her|him",
      "fuck|bang|shag|shagging|banging|fucking you|u|her",
      "date me|with+me",
      "=tetas|=chupame|=mamada|=nichons|=sucer|=titten|=peitos|=boquete|=punheta|=blowjob|=handjob",
    ],
    unless: [
      "what|wat|wot are|r you|u wearing _2 in|on the? photo|photos|picture|pictures|ad|ads|advert|website|video|catalog|catalogue",
      "date of|for|on|is|was|range|received|delivery|shipped|order",
      "@you|@staff _2 hot _1 water|drinks|drink|food|chocolate|day|weather|summer",
      "the|tf|da|wtf|what|why fuck|fucking @you",
    ],
  },
];

/** The `@MILD` and `@STRONG` sets this file's patterns use. */
export const ABUSE_SETS: Readonly<Record<string, string>> = { MILD, STRONG };
