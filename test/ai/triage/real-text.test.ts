/**
 * Behaviours added for real customer text: the confidence of a reading when retention_risk is set
 * aside for want of a retention phrase, calm questions read as neutral, and the newer retention
 * phrases with their guards against everyday wording.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createOfflineClassifierFromFiles } from "../../../src/ai/triage/node-loader";
import { RETENTION_EVIDENCE_LIKELIHOOD_RATIO, type OfflineClassifier } from "../../../src/ai/triage/offline";
import { retentionPhrases } from "../../../src/ai/triage/retention";
import { expectedFamilyTone, scoreSentiment } from "../../../src/ai/triage/sentiment";

let classifier: OfflineClassifier;
beforeAll(() => {
  classifier = createOfflineClassifierFromFiles();
}, 300_000);

describe("confidence without a retention phrase", () => {
  // Texts the model may read as retention although they carry no retention phrase.
  const texts = [
    "is there any discount on this? otherwise I might look around",
    "the new prices are a bit much tbh",
    "my parcel is late and nobody answers",
    "can I change the delivery address on my order?",
  ];
  it.each(texts)("reports the answering family's probability renormalised without retention_risk: %s", (text) => {
    expect(retentionPhrases(text)).toEqual([]);
    const { families } = classifier.rank(text);
    const pRetention = families.find((f) => f.family === "retention_risk")!.probability;
    const best = families.find((f) => f.family !== "retention_risk")!;
    const t = classifier.classifySync(text);
    expect(t.family).not.toBe("retention_risk");
    expect(t.confidence).toBeCloseTo(best.probability / (1 - pRetention), 2);
    if (!t.unclear) expect(t.family).toBe(best.family);
  });
});

describe("sentiment of calm questions", () => {
  const orderTone = expectedFamilyTone([{ family: "order_status", probability: 1 }]);
  it("reads a plain question about a parcel as neutral, although its family usually carries a complaint", () => {
    expect(scoreSentiment("@ShopHelp can you tell me where my package is right now?", "en", orderTone).label).toBe("neutral");
    expect(scoreSentiment("when will my order ship?", "en", orderTone).label).toBe("neutral");
  });
  it("still reads the family's tone into a statement, and negative words or problems into a question", () => {
    expect(scoreSentiment("my order still hasn't arrived", "en", orderTone).label).toBe("negative");
    expect(scoreSentiment("where is my parcel?? this is ridiculous", "en", orderTone).label).toBe("negative");
    expect(scoreSentiment("why hasn't my order arrived yet?", "en", orderTone).label).toBe("negative");
  });
});

describe("the sentiment head", () => {
  it.each(["hi, I can't log in to my account since this morning, could you help please?", "my refund still hasn't come through, what should I do?"])(
    "reads a calm request for help as neutral, where the lexicon with the family's tone reads negative: %j",
    (text) => {
      const t = classifier.classifySync(text);
      const lexicon = scoreSentiment(text, t.language, expectedFamilyTone(classifier.rank(text).families));
      expect(lexicon.label).toBe("negative");
      expect(t.sentiment.label).toBe("neutral");
      // The score stays the lexicon's intensity, which the policy's escalation threshold reads.
      expect(t.sentiment.score).toBe(lexicon.score);
    },
  );
  it("still reads shouting and sarcasm as negative and thanks as positive", () => {
    expect(classifier.classifySync("THIS IS THE THIRD TIME MY ORDER IS LATE. unbelievable").sentiment.label).toBe("negative");
    expect(classifier.classifySync("great, another delayed parcel. thanks for nothing").sentiment.label).toBe("negative");
    expect(classifier.classifySync("thanks so much, the new jacket fits perfectly!").sentiment.label).toBe("positive");
  });
});

describe("a retention phrase as evidence for retention_risk", () => {
  it.each(["cancelling my membership, never ordering from you again", "@ShopHelp I'm done with you, switching to another shop"])(
    "weighs p(retention_risk) by the phrase's likelihood ratio: %j",
    (text) => {
      expect(retentionPhrases(text).length).toBeGreaterThan(0);
      const p = classifier.rank(text).families.find((f) => f.family === "retention_risk")!.probability;
      const posterior = (p * RETENTION_EVIDENCE_LIKELIHOOD_RATIO) / (p * RETENTION_EVIDENCE_LIKELIHOOD_RATIO + 1 - p);
      const t = classifier.classifySync(text);
      expect(t.family).toBe("retention_risk");
      expect(t.confidence).toBeCloseTo(posterior, 2);
      expect(posterior).toBeGreaterThan(p);
    },
  );
});

describe("retention phrases on real text", () => {
  it.each([
    ["I don't intend to use Amazon anymore", "don't intend to use Amazon anymore"],
    ["gonna leave @BigTelco for good", "leave @BigTelco"],
    ["honestly looking for alternatives now", "looking for alternatives"],
    ["that's the last straw", "last straw"],
    ["just unsubscribed from the box", "unsubscribed"],
    ["Prime isn't worth it", "isn't worth it"],
    ["is it worth it anymore?", "worth it anymore"],
    // Value objections and leaving, in wordings the first phrase set missed.
    ["parcel late again. what's the point?", "what's the point?"],
    ["why pay for the express option at all", "why pay for"],
    ["8 years of membership with you is over", "membership with you is over"],
    ["honestly I've lost all faith in this shop", "lost all faith in"],
    ["I have stopped ordering from them after this", "I have stopped ordering"],
    ["you just lost 3 customers in our house", "lost 3 customers"],
    ["will never be a customer of yours again", "never be a customer"],
    ["I'm never using this app again", "never using"],
    ["won't be using this app again", "won't be using this app again"],
    ["not shopping with you again", "not shopping with you again"],
    ["fine, I'll get my shoes from @OtherShop then", "I'll get my shoes from @OtherShop"],
    ["not sure I'll be renewing next year", "not sure I'll be renewing"],
    ["time to cancel @ShopHelp prime", "cancel @ShopHelp prime"],
    ["I cancelled your 30 day trial last week", "cancelled your 30 day trial"],
    ["no wonder people are moving to other shops", "people are moving to"],
  ])("finds the signal in %j", (text, phrase) => {
    expect(retentionPhrases(text)).toContain(phrase);
  });
  it.each([
    "I'll leave you a review",
    "can I drop you a DM",
    "please leave it at the door",
    "leave @DPD a note to knock",
    "is the 64gb one worth it?",
    "I switched to you last month",
    "why would you bother sending a broken one",
    "what's the point of this button?",
  ])("finds none in everyday wording: %j", (text) => {
    expect(retentionPhrases(text)).toEqual([]);
  });
});
