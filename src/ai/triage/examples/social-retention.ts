import type { LabelledText } from "../types";
import { label } from "./label";

/**
 * Retention signals as customers write them in public: threats to leave or switch, and price or
 * value objections (family retention_risk), plus messages of other families that carry the same
 * signal on the side ("cancel my membership, I'm going to X"; "broken again, never buying from
 * you again"). Written for this project (no copied messages); shops and handles are made up.
 */

const CONSIDERING_LEAVING = [
  "@ShopHelp honestly thinking of switching to another provider after this month",
  "that's it, I'm done with you guys. taking my business elsewhere",
  "one more problem and I'm cancelling everything and going to your competitor",
  "been a loyal customer 8 years and you treat me like this? time to look elsewhere",
  "give me one good reason not to switch 🙄",
  "never ordering from you again. lost a customer today",
  "seriously considering moving to another network, the service is a joke",
  "switching banks this week, I've had enough",
  "goodbye @QuickShip, hello literally anyone else",
  "my contract ends next month and I won't be renewing",
  "why would I stay when the other shop delivers next day for free",
  "I'll be shopping at the competition from now on #done",
  "you've lost my business. enjoy",
  "last time I use your app, uninstalling now",
  "so close to cancelling my subscription. convince me not to",
  "NEVER AGAIN. worst company ever. going elsewhere",
  "if this isn't fixed by friday I'm leaving for good",
  "my family is moving our accounts to another bank because of this",
  "I'm out. closing my account tomorrow",
  "starting to wonder why I still pay for this",
  "Me voy con la competencia, ya no aguanto más 😤",
  "Se acabó, no vuelvo a comprar aquí",
  "Je vais passer chez un concurrent, vous m'avez perdu",
  "Plus jamais je commande chez vous",
  "Ich wechsle zum nächsten Monat den Anbieter",
  "Nie wieder bestelle ich bei euch",
  "Vou cancelar e mudar para outra operadora",
  "Nunca mais compro com vocês",
];

const PRICE_OBJECTION = [
  "why is everything on your site more expensive than in store?? 🤔",
  "£9.99 delivery on a £5 item. are you serious",
  "you put the price up AGAIN? that's the 3rd time this year",
  "found the exact same thing for half the price elsewhere. price match?",
  "the subscription is way too expensive now for what you get",
  "not worth the money anymore tbh",
  "how is the membership price going up when the service keeps getting worse",
  "ripoff. paid full price last week and now it's 40% off",
  "your prices are a joke compared to the supermarket down the road",
  "can't justify paying this much every month anymore",
  "overpriced and underdelivered. the usual",
  "the new fees make it cheaper to just go somewhere else",
  "why am I paying more as a loyal customer than new customers do?",
  "way too pricey for what it is",
  "price hike without any warning, really not cool",
  "Sus precios son un robo, en otra tienda está mucho más barato",
  "C'est devenu beaucoup trop cher, ça ne vaut plus le coup",
  "Die Preiserhöhung ist eine Frechheit, viel zu teuer",
  "O preço subiu demais, não compensa mais",
];

/** Other families with a retention signal on the side (the labels keep their own family). */
const CANCEL_AND_LEAVE = [
  "cancel my membership please, I've found a cheaper service",
  "how do I cancel my subscription? switching to another streaming service",
  "please close my account, I'm moving to a different bank",
  "want to cancel my contract early, the other network offered a better deal",
];
const COMPLAIN_AND_LEAVE = [
  "third broken delivery this month. never buying from you again",
  "app crashed and lost my basket again, this is why people switch to other shops",
  "on hold for an hour. this is exactly why I'm leaving",
  "the quality has gone down so much, I'll be buying elsewhere from now on",
];
const REFUND_AND_LEAVE = ["just refund me, I'm done ordering from you"];

export const SOCIAL_RETENTION_EXAMPLES: readonly LabelledText[] = [
  ...label("considering_leaving", CONSIDERING_LEAVING),
  ...label("price_objection", PRICE_OBJECTION),
  ...label("cancel_order", CANCEL_AND_LEAVE, true),
  ...label("complaint", COMPLAIN_AND_LEAVE, true),
  ...label("get_refund", REFUND_AND_LEAVE, true),
];
