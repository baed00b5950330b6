import type { LabelledText } from "../types";
import { label } from "./label";

/**
 * Account and billing as customers write it: sign-in, charges, payments, gift cards, promo credit,
 * account details. Written for this project (no copied messages); shops and handles are made up.
 */
const PAYMENT_ISSUE = [
  "@ShopHelp I've been charged twice for the same order, can you fix it?",
  "there's a charge on my card from you that I don't recognise",
  "why was I charged for a subscription I cancelled last month?",
  "payment keeps failing at checkout even though my card is fine",
  "you took the money but the order says payment pending",
  "got billed for prime?? I never signed up for a trial",
  "my bill went up by £10 this month and nobody told me why",
  "charged a late fee but I paid on time, screenshot attached",
  "promo credit didnt apply to my order, I was charged full price",
  "¿Por qué me cobraron dos veces?",
  "On m'a débité deux fois pour la même commande",
  "Warum wurde mein Konto doppelt belastet?",
  "Fui cobrado duas vezes no cartão",
];

const ACCOUNT = [
  "cant log into my account, keeps saying wrong password even after reset",
  "my account got locked after 3 attempts, how do I unlock it",
  "someone hacked my account and changed the email address 😱",
  "how do I change the email on my account",
  "two step verification code never arrives",
  "how do I delete my account and all my data",
  "my gift card balance shows zero but I haven't used it",
  "gift card code says invalid. bought it yesterday",
  "how do I add a new card to my account?",
  "can I merge my two accounts?",
  "I need to update my billing address",
  "my points disappeared from my rewards account",
  "where do I find my invoices in the app",
  "No puedo entrar a mi cuenta, dice que la contraseña es incorrecta",
  "Je n'arrive plus à me connecter à mon compte",
  "Ich komme nicht mehr in mein Konto rein",
  "Não consigo acessar minha conta",
];

export const SOCIAL_ACCOUNT_EXAMPLES: readonly LabelledText[] = [
  ...label("payment_issue", PAYMENT_ISSUE),
  ...label("recover_password", ACCOUNT.slice(0, 2)),
  ...label("edit_account", ACCOUNT.slice(2, 5)),
  ...label("delete_account", ACCOUNT.slice(5, 6)),
  ...label("payment_issue", ACCOUNT.slice(6, 8)),
  ...label("check_payment_methods", ACCOUNT.slice(8, 9)),
  ...label("switch_account", ACCOUNT.slice(9, 10)),
  ...label("edit_account", ACCOUNT.slice(10, 12)),
  ...label("get_invoice", ACCOUNT.slice(12, 13)),
  ...label("recover_password", ACCOUNT.slice(13)),
];
