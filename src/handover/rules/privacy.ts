/**
 * `data_protection`: the customer exercises a data-protection right (access, erasure,
 * rectification, portability, objection, do-not-sell/share) under the GDPR/UK GDPR (Art. 15-21),
 * the CCPA/CPRA, Brazil's LGPD or Switzerland's FADP, or complains about how their data was
 * handled (a breach, data sold or obtained without consent). Deleting the account counts (it erases
 * personal data: the statutory clock runs); closing it, unsubscribing from marketing, or editing an
 * address does not, nor does deleting a cart or a saved item.
 */
import type { Rule } from "./types";

const DATA =
  "data|datas|info|information|informations|details|personal+data|personal+info|personal+information|personal+details|pii|records|record|profile|everything|dados|datos|donnees|daten|informacion|informacoes|informacao|informaciones|renseignements|angaben";

export const PRIVACY_RULES: readonly Rule[] = [
  {
    id: "privacy.law",
    category: "data_protection",
    kind: "access",
    confidence: 0.8,
    patterns: [
      "gdpr|ukgdpr|uk+gdpr|ccpa|cpra|dsar|dsars|sar+request|subject+access|data+subject|data+protection+act|data+protection+request|data+protection+law|privacy+law|privacy+request|privacy+rights|rgpd|lopd|lopdgdd|dsgvo|bdsg|lgpd|fadp|nfadp|revdsg|dpa+2018",
      "art|article|artigo|articulo _1 15|16|17|18|20|21|18+lgpd|15+dsgvo|17+dsgvo|15+rgpd|17+rgpd",
    ],
    unless: ["data+subject _2 to+change", "gdpr|dsgvo|rgpd compliant|konform|conforme|compliance _2 product|products|cookie|cookies|site|website|seller"],
  },
  {
    id: "privacy.erasure",
    category: "data_protection",
    kind: "erasure",
    confidence: 0.85,
    patterns: [
      "delete|deleted|erase|erased|remove|removed|wipe|wiped|purge|destroy|scrub _3 my|all|all+my|all+of+my|me @DATA",
      "delete|erase|remove|wipe|purge|destroy everything|whatever|anything|all _2 you|u _1 hold|have|store|keep|got|know _1 on|about me",
      "right|rights to|of be+forgotten|erasure|deletion|be+deleted|be+erased",
      "forget me|about+me",
      "delete|deleted|erase|erased|remove|removed|wipe|wiped|purge _5 from|off your|ur|the system|systems|database|databases|servers|server|records|files|mailing+list|marketing+list",
      "account|profile|data deletion|erasure|removal _1 request",
      "scans|scan|documents|document|copies|passport|photos|recordings|recording _3 from|off your|ur|the servers|server|system|systems|database|databases|records|files",
      "borrar|borren|borrad|borre|eliminar|eliminen|eliminad|elimine|suprimir|supriman|suprimid|cancelar|cancelen _2 mis|todos+mis|mis+datos|toda+mi @DATA",
      "borrar|borren|borrad|borre|eliminar|eliminen|eliminad|elimine|dar+de+baja _2 mi cuenta|perfil|usuario",
      "derecho|derechos al+olvido|de+supresion|de+cancelacion|de+oposicion",
      "supresion|eliminacion|borrado|cancelacion de|de+mis|de+todos+mis mis|datos",
      "supprimer|supprimez|supprime|effacer|effacez|efface|retirer|retirez|detruire _2 mes|toutes+mes|toutes+les|toute @DATA",
      "supprimer|supprimez|supprime|fermer+et+supprimer _1 mon|ce compte|profil",
      "droit a|au l+oubli|effacement|oubli",
      "suppression|effacement de|des mes? donnees|compte",
      "losch*|entfern*|vernicht* _3 meine|meinen|alle|mein _2 @DATA|konto|account|kundenkonto|profil",
      "konto|account|kundenkonto|profil|daten _2 loschen|loscht|loschung|entfernen",
      "recht auf vergessen*|loschung|vergessenwerden",
      "loschung|loeschung _2 meiner|der|aller daten|personenbezogenen",
      "excluir|excluam|exclua|apagar|apaguem|apague|eliminar|eliminem|elimine|deletar|deletem|delete|remover|removam|remova _2 os|todos|meus|minha|todas _2 @DATA|conta|cadastro|perfil",
      "excluir|excluam|apagar|apaguem|deletar|deletem|eliminar|eliminem|encerrar+e+excluir _1 minha|a+minha|meu conta|cadastro|perfil",
      "exclusao|eliminacao|apagamento|anonimizacao|anonimizar _3 dados|conta|cadastro",
      "direito ao|de esquecimento|eliminacao|exclusao|apagamento",
    ],
    unless: [
      "delete|remove|erase|wipe|eliminar|borrar|supprimer|loschen|excluir|apagar _3 cart|basket|item|items|product|products|wishlist|address|addresses|card|cards|review|order|orders|from+my+cart|from+cart|carrito|panier|warenkorb|carrinho|cesta|artigo|artikel|produto|producto|pedido|commande|bestellung|encomenda|endereco|direccion|adresse|comment|photo|history|search|cookies|app|email+address",
      "old|saved|previous|wrong my? address|addresses|card|cards|payment|number",
    ],
  },
  {
    id: "privacy.keeping",
    category: "data_protection",
    kind: "erasure",
    confidence: 0.45,
    patterns: ["dont|don+t|do+not|no+longer|never want|wish|consent @you _1 keeping|having|storing|holding|to+keep|to+have|to+store|to+hold|using|to+use"],
  },
  {
    id: "privacy.account_deletion",
    category: "data_protection",
    kind: "erasure",
    confidence: 0.6,
    patterns: [
      "delete|deleting|erase|erasing|remove|close+and+delete my|our|the account|acct|acc|profile|membership+and+data|customer+account|user+account|amazon+account",
      "want|like|need|please|pls|plz|kindly _3 account|profile _1 deleted|erased|removed",
    ],
    unless: [
      "will|ll|gonna|going+to|have+to|need+to|might|may|about+to|thinking+of|considering|should _2 delete|deleting|erase|remove",
      "you|u|they|amazon deleted|removed|erased",
    ],
  },
  {
    id: "privacy.access",
    category: "data_protection",
    kind: "access",
    confidence: 0.8,
    patterns: [
      "what|which|all _1 personal? data|info|information|details _3 you|u _2 hold|have|store|keep|collect|collected|holding|storing|keeping|got _2 on|about|of me|myself",
      "copy|copies|access|export|download|report _2 of|to all? my? personal|the+personal data|info|information|details",
      "copy|copies|access|export _2 all? of? my|the data|info|information",
      "know|see _3 what|which personal? data|info|information _2 you|u|your+company _2 hold|have|collect|collected|store|stored",
      "how|where did|do you|u get|got|obtain|obtained _1 my|this number|phone|email|address|details|data|info|information",
      "who gave|sold you my number|phone|email|address|details|data|info|information",
      "derecho|derechos de? acceso|rectificacion|portabilidad|oposicion|limitacion",
      "acceso|copia a|de mis|todos+mis datos",
      "que|cuales datos _2 tienen|teneis|guardan|tienes|almacenan _1 sobre|de mi",
      "droit d+acces|de+rectification|a+la+portabilite|d+opposition|de+limitation",
      "droit+dacces|acces+a+mes+donnees|copie+de+mes+donnees",
      "quelles donnees _3 sur|concernant moi",
      "auskunft* _3 daten|gespeichert|personenbezogen*|uber+mich",
      "datenauskunft|selbstauskunft|datenkopie|kopie+meiner+daten|welche+daten|datenubertragbarkeit|widerspruch+gegen+die+verarbeitung",
      "quais|que dados _3 sobre|de mim",
      "acesso|copia aos|dos|a+meus|de+meus meus? dados",
      "direito|direitos de? acesso|correcao|retificacao|portabilidade|oposicao",
    ],
    unless: [
      // "delete my account and all the data you hold about me" asks for erasure, not a copy.
      "delete|deleted|erase|erased|remove|removed|wipe|wiped|purge|destroy _6 all|what|which|whatever the|of+the? personal? data|info|information|details",
      "copy|copies of my|the? invoice|invoices|receipt|receipts|order|bill|statement|contract",
      "know|see what information|info|details|data i|you need|is+needed|do+i+need",
      "berichtigung der|einer rechnung|adresse|bestellung|lieferadresse",
      "welche+daten _2 brauch*|benotig*",
    ],
  },
  {
    id: "privacy.rectification_portability",
    category: "data_protection",
    kind: "rectification",
    confidence: 0.75,
    patterns: [
      "rectif*|retific*|berichtig* _4 data|datos|donnees|dados|daten|personal|personales|personnelles|pessoais|personenbezogen*|record|records",
      "right|rights|derecho|droit|direito|recht to|of|de|a|auf|zur? rectif*|retific*|berichtigung",
      "correct|correction|fix|update|amend _3 my|the personal data|personal+information|personal+info|records+you+hold",
      "portability|portabilidad|portabilite|portabilidade|ubertragbarkeit|machine+readable|machine-readable",
      "export|transfer|port _2 my|all+my data",
    ],
    unless: [
      "right to be forgotten",
      "rectif* the|my? order|delivery|address|mistake|error|problem|issue",
      "export _1 my data? to|from+the+app|as+csv _2 order|orders",
    ],
  },
  {
    id: "privacy.do_not_sell",
    category: "data_protection",
    kind: "do_not_sell",
    confidence: 0.85,
    patterns: [
      "do+not|don+t|dont|stop|never sell|selling|share|sharing _2 my|our personal? data|info|information|details|email|number|address",
      "opt|opting me? out _2 of? the? sale|sales|selling|sharing|targeted+advertising",
      "do+not+sell|do+not+share|donotsell|limit+the+use",
      "no vendan|vendais|compartan|vender|compartir mis datos",
      "ne vendez|vendez+pas|partagez|partagez+pas _2 mes donnees",
      "daten nicht _2 verkaufen|weitergeben|teilen",
      "nao vendam|vendam|compartilhem|compartilhar _2 meus dados",
    ],
  },
  {
    id: "privacy.complaint",
    category: "data_protection",
    kind: "privacy_complaint",
    confidence: 0.7,
    patterns: [
      "data+breach|privacy+breach|breach+of+my+privacy|breach+of+privacy|violation+of+my+privacy|invasion+of+privacy|violated+my+privacy|leaked+my|leak+of+my|sold+my+data|sold+my+information|sold+my+details|sold+my+email|sold+my+number|selling+my+data|shared+my+data|shared+my+details",
      "brecha|filtracion|fuga de datos|seguridad",
      "vendieron|vendido|compartieron|filtraron|filtrado mis datos",
      "fuite|violation de donnees|donnees|vie+privee",
      "privacy+violation|privacyviolation|privacy+violated|violating+my+privacy|violated+my+privacy",
      "privacy|data _3 violated|breached|invaded|leaked|misused|compromised",
      "datenleck|datenpanne|datenschutzverletzung|datenschutzverstoss|meine+daten+weitergegeben|meine+daten+verkauft",
      "vazamento|violacao de dados",
      "venderam|vazaram|compartilharam|vazou meus|os+meus dados",
      "my|our personal? data|info|information|details|address|number|email _1 was|were|has+been|have+been|got leaked|sold|shared|exposed|compromised|breached|hacked",
    ],
  },
];

/** The `@DATA` set this file's patterns use. */
export const PRIVACY_SETS: Readonly<Record<string, string>> = { DATA };
