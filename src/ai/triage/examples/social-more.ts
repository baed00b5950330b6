import type { LabelledText } from "../types";
import { label } from "./label";

/**
 * A second round of messages in the way customers write in public and in chat, for the families
 * that real traffic mixes up most: complaints told as stories, how-to questions about devices and
 * apps, account and billing trouble, and value objections on the side of other requests. Written
 * for this project (no copied messages); names and handles are made up.
 */

const COMPLAINT = [
  "so I waited in all day for the fridge, took a day off work, and nobody came or called",
  "ordered a pair of boots, they sent one boot. one. how",
  "the seller sent me a used item as new, there's someone else's hair in it 🤢",
  "spent an hour on chat to be told to call, called and was told to use chat 🙃",
  "the 'fast' charger takes 5 hours to charge my phone. false advertising",
  "item listed as in stock, paid, then an email saying it was never in stock",
  "the replacement had the exact same fault as the first one",
  "my package was opened and resealed, half the contents are gone",
  "your drivers keep leaving parcels in the rain on my porch, everything is soaked",
  "how is it acceptable that my delivery was handed to a random neighbour I've never met",
  "wifi dies every night at 9pm like clockwork",
  "no hot water in my room and reception keeps saying someone is coming",
  "the update deleted all my saved playlists 😭",
  "can't believe how slow the website is, 30 seconds to load a page",
  "the coupon code in your email doesn't work at checkout, tried 5 times",
  "my card was declined at your store but the bank says everything is fine",
  "the self service kiosk charged me but didn't print the tickets",
  "your automated phone line keeps hanging up on me",
  "ordered a large and got a small, again. third time this month",
  "the product description said 4 pack, I got 1",
  "staff at the airport desk were shouting at customers, shameful",
  "promised a refund call back in 24h. 3 days later, silence",
  "I've been a customer for years and this is how you treat me? unbelievable service",
  "your rep told me one thing, the next one told me the opposite. which is it",
  "you cancelled my order without telling me and I only found out on the day",
  "broken screen straight out of the box, packaging was fine so it left you broken",
  "the app shows the wrong balance on my account since yesterday",
  "error 404 on every link in your email",
  "keyboard not working after the latest update on my laptop, nothing I try helps",
  "I can't hear anyone on calls since the update, they can hear me",
  "El pedido llegó incompleto y nadie responde en el chat",
  "Le service client m'a raccroché au nez deux fois",
  "Die Ware kam beschädigt an und die Hotline ist nie erreichbar",
  "Vocês mandaram o tamanho errado de novo",
];

const ORDER_STATUS = [
  "@ShopCo order says delivered, photo shows someone else's front door",
  "it's 9pm and my 'arriving today' parcel is still not here. will it come tonight?",
  "tracking just says 'delivery attempted' but I've been home all day, when will they try again",
  "it's been stuck in customs for a week, can you tell me anything",
  "parcel shows in transit to the wrong city?? is it going to get to me",
  "my delivery date changed 3 times now, what's the actual date",
  "got a notice that my package is held at the post office but it doesn't say which one",
  "should I wait or reorder? tracking hasn't updated since friday",
  "is my order actually going to arrive before christmas or not",
  "the driver marked it as 'recipient unavailable' at 2pm, I was in",
];

const PRODUCT_INFO = [
  "how do I turn off the notifications on the app? they're driving me mad",
  "does anyone know if the tablet case fits the 2017 model",
  "is it safe to put the bottle in the dishwasher?",
  "can I use a UK plug adapter with this in Europe",
  "how do I reset the speaker to factory settings",
  "what's the return window for christmas presents this year?",
  "do the wireless earbuds work with android?",
  "is the gift wrapping free?",
  "can I order online and pick up in store?",
  "is there a way to make the text bigger on the kindle app",
  "when do you restock the limited edition? it sold out in minutes",
  "how many points do I need for a free drink",
  "does the subscription include the sports channels?",
  "what's the weight limit for hand luggage?",
];

const ACCOUNT_BILLING = [
  "I got an email saying my account was suspended, is this real or a scam?",
  "can't add my new card, it keeps saying 'invalid' but it's definitely right",
  "my gift card balance disappeared after one purchase",
  "charged for a membership I cancelled in august 😤",
  "you took the payment twice and the order only once",
  "how do I remove an old address from my account",
  "my account says I'm not a member but I pay every month",
  "received a text with a code I didn't ask for, is my account compromised?",
  "why is there a pending charge of £1 on my card from you",
  "the promo credit from my complaint hasn't shown up on my account",
];

const VALUE_ON_THE_SIDE = [
  "parcel late AGAIN. what's the point of paying for next day delivery",
  "3rd late order this month, why am I even paying for a membership",
  "if my order isn't here tomorrow I'm cancelling my subscription",
  "still not delivered. honestly thinking about switching to another shop",
  "charged twice and now on hold for an hour. I'm done with you guys",
  "refund still missing. this is the last time I order from you",
  "the app is broken again, time to find another provider",
  "cancel my account please, I'm going elsewhere after this mess",
  "paying for premium and getting worse service than the free tier, what a joke",
  "my bill keeps going up and the service keeps getting worse. why do I stay",
  "the other network gives twice the data for less. give me a reason to stay",
  "every delivery late since I joined, I want to cancel my membership",
  "honestly regret signing up for this subscription",
  "I'll be taking my business somewhere that answers the phone",
  "deleted the app. not worth the hassle anymore",
  "first and last time I fly with you",
  "delivery fees went up again?? I'll just shop in store somewhere else",
  "loyal customer for 10 years and this is how you treat me. considering other options",
  "cheaper on other sites and they deliver faster. why should I order here",
  "I pay for the top plan and can't even stream in HD. cancelling next month",
];

export const SOCIAL_MORE_EXAMPLES: readonly LabelledText[] = [
  ...label("complaint", COMPLAINT),
  ...label("track_order", ORDER_STATUS),
  ...label("product_info", PRODUCT_INFO),
  ...label(
    "payment_issue",
    ACCOUNT_BILLING.filter((t) => /charg|payment|balance|card|credit|pay /.test(t)),
  ),
  ...label(
    "edit_account",
    ACCOUNT_BILLING.filter((t) => !/charg|payment|balance|card|credit|pay /.test(t)),
  ),
  ...label("track_order", VALUE_ON_THE_SIDE.slice(0, 4), true),
  ...label("payment_issue", VALUE_ON_THE_SIDE.slice(4, 5), true),
  ...label("get_refund", VALUE_ON_THE_SIDE.slice(5, 6), true),
  ...label("complaint", VALUE_ON_THE_SIDE.slice(6, 7), true),
  ...label("delete_account", VALUE_ON_THE_SIDE.slice(7, 8), true),
  ...label("complaint", [VALUE_ON_THE_SIDE[8]!, VALUE_ON_THE_SIDE[9]!, VALUE_ON_THE_SIDE[19]!], true),
  ...label("considering_leaving", [
    VALUE_ON_THE_SIDE[10]!,
    VALUE_ON_THE_SIDE[12]!,
    VALUE_ON_THE_SIDE[13]!,
    VALUE_ON_THE_SIDE[14]!,
    VALUE_ON_THE_SIDE[15]!,
    VALUE_ON_THE_SIDE[17]!,
  ]),
  ...label("cancel_order", [VALUE_ON_THE_SIDE[11]!], true),
  ...label("price_objection", [VALUE_ON_THE_SIDE[16]!, VALUE_ON_THE_SIDE[18]!]),
];
