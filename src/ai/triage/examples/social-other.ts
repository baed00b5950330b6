import type { LabelledText } from "../types";
import { label } from "./label";

/**
 * What is not a support request (family other): praise, thanks, jokes, promotions, chatter; and
 * requests for contact. Written for this project (no copied messages); shops and handles are
 * made up.
 */
const CHATTER = [
  "thanks so much for sorting that out, you guys are great 😊",
  "brilliant, cheers for the help!",
  "shoutout to the driver who delivered in the snow today 🙌",
  "love the new packaging, so much less plastic 💚",
  "best customer service I've had in years, thank you Sarah!",
  "ok thanks",
  "that's fixed now, thank you!",
  "just had the best breakfast at your Leeds branch ❤️",
  "who else is queueing for the new phone tonight? 😂",
  "happy friday everyone! 🎉",
  "RT if you're getting the new burger today lol",
  "haha your social media person is hilarious",
  "Free coffee at @CafeCo today if you bring your own cup! #earthday",
  "can't wait for the new season to drop 🔥🔥",
  "just landed, smooth flight, crew were lovely 👍",
  "5 stars for the delivery guy, super friendly",
  "my cat loves the box more than the toy 😹",
  "good morning from a very rainy Manchester ☔",
  "no worries, all good now",
  "congrats on the award guys, well deserved",
  "wish me luck on black friday 😅",
  "that ad with the dog made me cry 😭❤️",
  "lol",
  "👍",
  "🙏🙏",
  "tagging my friend who needs this",
  "Mil gracias por la ayuda, todo perfecto 😊",
  "Merci beaucoup, super service !",
  "Vielen Dank, alles bestens!",
  "Muito obrigada pela ajuda!",
];

const CONTACT = [
  "can I speak to a real person please",
  "how do I contact customer service by phone?",
  "is there an email address I can write to?",
  "DM'd you, please check",
  "please reply to my DM",
  "sent you a DM with my details",
  "followed, please follow back so I can DM",
  "what are your customer service opening hours",
  "¿Cómo puedo hablar con un agente?",
  "Comment contacter le service client ?",
];

const NEWSLETTER = ["how do I unsubscribe from your marketing emails", "stop sending me promo texts pls"];

export const SOCIAL_OTHER_EXAMPLES: readonly LabelledText[] = [
  ...label("chatter", CHATTER),
  ...label("contact_customer_service", CONTACT),
  ...label("newsletter_subscription", NEWSLETTER),
];

/** More of what is not a request: jokes, opinions, news, promotions, sarcasm without a problem. */
const MORE_CHATTER = [
  "who decided pumpkin spice everything was a good idea 😂",
  "just saw your ad on tv, that song is so catchy",
  "is it just me or is everyone at the airport today",
  "my kid wants to dress up as your mascot for halloween lol",
  "if you're giving away free stuff today I'm in 🙋",
  "enter now to win a year of free coffee! #competition #giveaway",
  "50% off everything this weekend only! link in bio",
  "retweet for a chance to win tickets 🎟️",
  "what's everyone buying on cyber monday?",
  "team android or team iphone? 👀",
  "the new store in town looks amazing",
  "you guys should bring back the old logo",
  "first time flying with you, excited! ✈️",
  "great to see you supporting local charities ❤️",
  "nothing beats a burrito on a friday",
  "finally got my hands on one 😍 worth the wait",
  "love that you reply to everyone on here",
  "my dog approves of the new treats 🐶",
  "anyone else watching the game tonight?",
  "the queue for the new phone is already round the block 😂",
  "okay that's actually a clever marketing campaign",
  "nice one, thanks for letting me know",
  "great, appreciate it",
  "sorted, thank you so much!!",
  "wow that was quick, thank you",
  "Qué ganas de que abran la tienda nueva 😍",
  "Trop bien la nouvelle pub 😂",
  "Frohe Weihnachten an das ganze Team! 🎄",
  "Adorei a nova coleção 😍",
];
export const MORE_OTHER_EXAMPLES: readonly LabelledText[] = label("chatter", MORE_CHATTER);
