import type { LabelledText } from "../types";
import { label } from "./label";

/**
 * Product questions as customers write them: availability, price of an item, features, how to use
 * it, deals (product_info), and asking what to buy (product_recommendation). Asking about a deal
 * is a product question, not a price objection. Written for this project (no copied messages).
 */
const PRODUCT_INFO = [
  "@ShopHelp is the blue version coming back in stock?",
  "do you sell replacement filters for the model 300?",
  "how much is the large one? the site doesnt show a price",
  "does this charger work with the older model?",
  "is the jacket waterproof or just water resistant",
  "any deals on for black friday? 👀",
  "when does the summer sale start",
  "how do I turn on dark mode in the app?",
  "does the speaker need to be plugged in or does it have a battery",
  "what's the difference between the pro and the standard",
  "how do I set up the parental controls on the new console",
  "can I use my headphones with the tablet over bluetooth?",
  "is this dishwasher safe?",
  "what size is the box? want to know if it fits through my letterbox",
  "does the promo code work on sale items too",
  "is the vegan menu available at every location?",
  "how long does the battery last on a full charge",
  "are your products cruelty free?",
  "do you have this in a size 12",
  "will the new phone be available in stores on launch day?",
  "how do I pair the watch with my phone",
  "is there a student discount?",
  "does the gift card work online too or just in store",
  "is the 2 for 1 offer still on this week?",
  "can I use the app abroad?",
  "what time does the store on King St open on sunday",
  "does this come with a warranty?",
  "how do I clean the filter?",
  "is the game cross-platform?",
  "is the new flavour back for good or just limited edition 😋",
  "¿Tienen esta camiseta en talla M?",
  "¿Cuánto cuesta el envío a Canarias?",
  "Est-ce que ce modèle est compatible avec l'iPhone ?",
  "Quand est-ce que les soldes commencent ?",
  "Gibt es das Produkt auch in Schwarz?",
  "Wie lange hält der Akku?",
  "Esse produto vem com garantia?",
  "Vocês têm esse tênis no tamanho 40?",
];

const PRODUCT_RECOMMENDATION = [
  "which laptop would you recommend for a student on a budget?",
  "looking for a gift for my dad who loves cooking, any ideas?",
  "what's the best plan for someone who mostly streams?",
  "which running shoes are best for flat feet",
  "need a new kettle, which one is the quietest?",
  "what would go well with the sofa I bought last month?",
  "recommend me a good book for a long flight ✈️",
  "which mattress is best for back pain",
  "Qué me recomiendan para regalar a un niño de 8 años?",
  "Quel modèle me conseillez-vous pour débuter ?",
  "Welches Modell würden Sie für Anfänger empfehlen?",
  "Qual vocês recomendam para quem está começando?",
];

export const SOCIAL_PRODUCT_EXAMPLES: readonly LabelledText[] = [
  ...label("product_info", PRODUCT_INFO),
  ...label("product_recommendation", PRODUCT_RECOMMENDATION),
];
