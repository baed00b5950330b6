import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../../src/ai/triage/language";
import { scoreSentiment } from "../../../src/ai/triage/sentiment";
import { urgencyOf } from "../../../src/ai/triage/urgency";

describe("detectLanguage", () => {
  it.each([
    ["es", "Hola, mi pedido lleva tres semanas sin llegar y nadie me responde."],
    ["es", "¿Pueden enviarme la factura de mi última compra?"],
    ["fr", "Bonjour, je voudrais annuler ma commande, s'il vous plaît."],
    ["fr", "Mon colis est arrivé abîmé. Que dois-je faire ?"],
    ["de", "Hallo, ich habe meine Rechnung noch nicht bekommen."],
    ["de", "Wann wird mein Paket geliefert? Ich warte schon seit Tagen."],
    ["pt", "Olá, quero devolver um produto e receber o reembolso."],
    ["pt", "Meu pedido chegou com defeito, o que faço agora?"],
    ["en", "Can you tell me when my package will arrive?"],
  ])("recognises %s: %s", (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it.each(["hi", "track order 1234", "ok", "Brilliant thanks 😊", "@ShopCo why??"])("reads short English text %j as en", (text) => {
    expect(detectLanguage(text)).toBe("en");
  });

  it.each(["", "👍🙏", "@ShopCo https://t.co/abc #fail", "1234 5678", "asdfgh"])("says und when %j has too few words to tell", (text) => {
    expect(detectLanguage(text)).toBe("und");
  });

  it.each([
    ["es", "gracias!"],
    ["fr", "merci bonjour"],
    ["de", "danke!"],
    ["pt", "obrigada 😊"],
  ])("reads a two-word %s message by its marker words: %s", (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it("ignores handles and links: an English tweet to a brand is English", () => {
    expect(detectLanguage("@AmazonHelp @115821 my parcel never came https://t.co/xyz")).toBe("en");
  });

  it("returns two-letter codes for languages outside our five", () => {
    expect(detectLanguage("Ik wil graag mijn bestelling annuleren, want ik heb het verkeerde product besteld.")).toBe("nl");
  });
});

describe("scoreSentiment on how people write online", () => {
  it.each([
    ["😡😡 order late again", "negative"],
    ["love it 😍🙌", "positive"],
    ["grrr the app logged me out again", "negative"],
    ["smh another delay", "negative"],
    ["never again", "negative"],
    ["thanks for nothing", "negative"],
    ["WHERE IS MY REFUND", "negative"],
    ["my parcel hasn't arrived", "negative"],
    ["the charger stopped working after a week", "negative"],
    ["great, thank you so much! :)", "positive"],
    ["how do I change my address?", "neutral"],
  ])("reads %j as %s", (text, label) => {
    expect(scoreSentiment(text, "en").label).toBe(label);
  });

  it("makes repeated punctuation and capitals amplify a complaint, not invent one", () => {
    const calm = scoreSentiment("my order is late", "en").score;
    expect(scoreSentiment("my order is late?!?!", "en").score).toBeLessThan(calm);
    expect(scoreSentiment("MY ORDER IS LATE", "en").score).toBeLessThan(calm);
    expect(scoreSentiment("BURRITO TIME!!", "en").label).not.toBe("negative");
  });

  it("counts thanks and please a third in a message that reports a problem", () => {
    expect(scoreSentiment("thanks in advance, my parcel still hasn't arrived", "en").label).toBe("negative");
  });

  it("takes the triage family's usual tone only when the words are not clearly positive", () => {
    expect(scoreSentiment("my order 1234", "en", -1.5).label).toBe("negative");
    expect(scoreSentiment("thanks so much, all sorted, love it", "en", -1.5).label).toBe("positive");
  });
});

describe("scoreSentiment", () => {
  it("scores a happy English ticket positive and an angry one negative", () => {
    expect(scoreSentiment("Thank you so much, the thread is beautiful and arrived quickly!", "en").label).toBe("positive");
    expect(scoreSentiment("This is terrible service and I'm really angry.", "en").label).toBe("negative");
  });

  it("keeps plain support requests neutral (help, please, would like)", () => {
    expect(scoreSentiment("Hi, I would like help to change my address please.", "en")).toEqual({ score: 0, label: "neutral" });
  });

  it("flips negated words: 'not happy' is negative, 'not bad' is not", () => {
    expect(scoreSentiment("I am not happy with this order.", "en").label).toBe("negative");
    expect(scoreSentiment("I'm not very happy with the delivery.", "en").label).toBe("negative");
    expect(scoreSentiment("The quality is not bad at all.", "en").score).toBeGreaterThan(0);
  });

  it.each([
    ["es", "Estoy muy molesta, el envío llegó tarde.", "negative"],
    ["es", "No estoy contento con el pedido.", "negative"],
    ["fr", "Je ne suis pas contente, la livraison est en retard.", "negative"],
    ["fr", "Merci beaucoup, c'est parfait !", "positive"],
    ["de", "Ich bin nicht zufrieden, das Paket ist kaputt.", "negative"],
    ["de", "Danke, alles super!", "positive"],
    ["pt", "Não estou satisfeito, o pedido atrasou.", "negative"],
    ["pt", "Obrigada, adorei o produto!", "positive"],
  ])("scores %s text: %s as %s", (lang, text, label) => {
    expect(scoreSentiment(text, lang).label).toBe(label);
  });

  it("keeps the score within -1..1 for a very long rant", () => {
    const s = scoreSentiment("terrible awful horrible worst disgusting ".repeat(30), "en");
    expect(s.score).toBeGreaterThanOrEqual(-1);
    expect(s.score).toBeLessThan(-0.99);
  });
});

describe("urgencyOf", () => {
  const neutral = { score: 0, label: "neutral" as const };

  it.each([
    "I need this sorted urgently.",
    "Please refund me ASAP.",
    "If this isn't fixed I'm filing a chargeback.",
    "My lawyer will be in touch.",
    "Where is my order!!!",
    "WHERE IS MY ORDER I PAID TWO WEEKS AGO",
    "Es urgente, necesito el pedido.",
    "Bitte sofort antworten.",
  ])("is high for escalation cues: %s", (text) => {
    expect(urgencyOf(text, "track_order", "order_status", neutral)).toBe("high");
  });

  it("is high for a strongly negative retention or complaint ticket", () => {
    expect(urgencyOf("so bad", "complaint", "service_complaint", { score: -0.7, label: "negative" })).toBe("high");
  });

  it("is low for a calm product recommendation question", () => {
    expect(urgencyOf("Which colours go with navy?", "product_recommendation", "product_question", neutral)).toBe("low");
  });

  it("is normal for an ordinary order question", () => {
    expect(urgencyOf("When will my order arrive?", "delivery_period", "order_status", neutral)).toBe("normal");
  });

  it("does not treat a bank transfer question as urgent", () => {
    expect(urgencyOf("Can I pay by bank transfer?", "check_payment_methods", "account_billing", neutral)).toBe("low");
  });
});
