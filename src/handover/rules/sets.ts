/**
 * Named word sets for `@name` pattern slots. Languages are mixed on purpose: customers mix them,
 * and every rule runs on every ticket whatever language triage detected.
 */
export const SETS: Readonly<Record<string, string>> = {
  /** Second person, as a target ("sue you", "you idiot"), in en/es/fr/de/pt. */
  you: "you|u|ya|yu|yall|y+all|youse|ye|you+guys|u+guys|you+lot|you+people|all+of+you|vous|toi|te|du|dich|dir|ihr|euch|sie|voce|voces|vc|vcs|vcs|ustedes|vosotros|os|los|las|les",
  /** People who work for us or deliver for us, as a target. */
  staff:
    "agent*|staff|rep|reps|representative*|employee*|advisor*|adviser*|operator*|manager*|supervisor*|driver*|courier*|delivery+guy|delivery+man|delivery+boy|delivery+person|guy|girl|lady|woman|man|dude|person|people|cs|customer+service|customer+care|support|team|ceo|boss|owner|worker*|empleado*|empleada*|agente*|repartidor*|atendente*|atendiente*|operadora*|funcionario*|funcionaria*|entregador*|motorista*|livreur*|livreuse*|conseiller*|conseillere*|vendeur*|vendeuse*|employe*|mitarbeiter*|mitarbeiterin*|fahrer*|kundenservice|kundendienst|berater*|beraterin*|bote*|paketbote*|tipa|tipo|chica|chico|senora|senor|moca|moco|cara|mina|typ|tussi|frau|mann|type|nana|mec|meuf",
  /** Anyone as the object of a violent verb. */
  person:
    "@you|him|her|them|everyone|everybody|someone|somebody|anyone|people|all+of+you|every+last+one|the+driver|your+driver|that+driver|the+courier|ur+driver|your+staff|your+agent|the+agent|that+agent|the+manager|your+manager|your+ceo|the+ceo|him+and|lo|la|le|al+repartidor|a+ese|a+esa|ese+repartidor|esse+entregador|esse+cara|essa+mulher|o+entregador|a+atendente|o+atendente|votre+livreur|le+livreur|ce+livreur|den+fahrer|euren+fahrer|den+boten|alle|euch+alle|dich",
  /** Intent or prospect before a verb: "I will", "I'm gonna", "I'll", "could". */
  will: "will|ll|gonna|gon|going+to|goin+to|wanna|want+to|about+to|shall|could|would|d|might|may|am+going+to|im+going+to|m+going+to|intend+to|plan+to|planning+to|have+to|need+to|ready+to",
  /** Negators, all five languages. `t` is the tail of an English contraction ("don't" splits in two). */
  neg: "not|no|never|dont|didnt|doesnt|wont|cant|isnt|arent|wasnt|werent|havent|hasnt|wouldnt|shouldnt|couldnt|aint|nor|t|nunca|jamas|ni|nadie|ne|pas|jamais|nicht|kein|keine|keinen|nie|niemals|nao|nem|ninguem",
};
