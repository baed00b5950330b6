/** The hand-over detector, behaviour by behaviour: categories in five languages, the way customers write, and what must not fire. */
import { describe, expect, it } from "vitest";
import { detectHandover, FIRE_THRESHOLD, handoverCategories } from "../../src/handover/detect";

const cats = (t: string) => handoverCategories(detectHandover(t));

describe("categories", () => {
  it.each([
    ["I will be taking legal action against you", "legal_threat"],
    ["les voy a poner una demanda", "legal_threat"],
    ["je vais porter plainte", "legal_threat"],
    ["Ich werde Sie verklagen", "legal_threat"],
    ["vou processar vocês", "legal_threat"],
    ["filing a chargeback with my bank", "chargeback_fraud"],
    ["cargo no autorizado en mi tarjeta", "chargeback_fraud"],
    ["paiement frauduleux sur mon compte", "chargeback_fraud"],
    ["meine Kreditkarte wurde gestohlen", "chargeback_fraud"],
    ["compra não reconhecida no cartão", "chargeback_fraud"],
    ["i want to kill myself", "safety"],
    ["quiero morir", "safety"],
    ["la batterie a pris feu", "safety"],
    ["ich bringe mich um", "safety"],
    ["vou matar esse entregador", "safety"],
    ["you stupid idiot", "abuse"],
    ["vete a la mierda", "abuse"],
    ["va te faire foutre", "abuse"],
    ["du Arschloch", "abuse"],
    ["vai tomar no cu", "abuse"],
    ["delete all my personal data under GDPR", "data_protection"],
    ["derecho al olvido", "data_protection"],
    ["supprimez toutes mes données", "data_protection"],
    ["Auskunft nach Art. 15 DSGVO", "data_protection"],
    ["quero apagar os meus dados", "data_protection"],
  ])("%s -> %s", (text, category) => {
    expect(cats(text)).toContain(category);
  });

  it("reports several categories at once, safety first", () => {
    expect(cats("you morons, i'm calling my lawyer and if your driver comes back i will kill him")).toEqual(["safety", "legal_threat", "abuse"]);
  });
});

describe("the way customers write", () => {
  it("reads all caps, no punctuation and stretched letters", () => {
    expect(cats("IM GONNA SUUUUE YOU")).toEqual(["legal_threat"]);
  });
  it("tolerates one typo in a long word", () => {
    expect(cats("i will do a chargebak")).toEqual(["chargeback_fraud"]);
    expect(cats("fradulent charge on my card")).toEqual(["chargeback_fraud"]);
  });
  it("reads masked and leet swearing", () => {
    expect(cats("f*ck you")).toEqual(["abuse"]);
    expect(cats("you are an 1d10t")).toEqual(["abuse"]);
  });
  it("folds accents and compatibility forms (full-width letters)", () => {
    expect(cats("ＧＤＰＲ request")).toEqual(["data_protection"]);
    expect(cats("suicídio")).toEqual(["safety"]);
  });
  it("finds a category in a ticket that mixes languages", () => {
    expect(cats("hola, I want my money, si no chargeback con mi banco")).toEqual(["chargeback_fraud"]);
  });
});

describe("evidence", () => {
  it("quotes the customer's own words with offsets into the original text", () => {
    const text = "Hi there! Ich werde Sie VERKLAGEN, wenn das Geld nicht kommt.";
    const d = detectHandover(text);
    const hit = d.findings[0]?.hits[0];
    expect(hit).toBeDefined();
    expect(text.slice(hit!.start, hit!.end)).toBe(hit!.evidence);
    expect(hit!.evidence).toMatch(/verklagen/i);
    expect(hit).toMatchObject({ category: "legal_threat", kind: "legal_action", rule: "legal.sue" });
  });
  it("keeps offsets right after characters that fold to two (ß, ligatures) and astral emoji", () => {
    const text = "😡😡 Straße ﬁne, aber ich werde euch verklagen";
    const hit = detectHandover(text).findings[0]?.hits[0];
    expect(text.slice(hit!.start, hit!.end)).toBe(hit!.evidence);
  });
  it("gives each category a confidence between the threshold and 1, higher with independent cues", () => {
    const one = detectHandover("my lawyer will contact you").findings[0]!;
    const two = detectHandover("my lawyer will contact you, see you in court").findings[0]!;
    expect(one.confidence).toBeGreaterThanOrEqual(FIRE_THRESHOLD);
    expect(two.confidence).toBeGreaterThan(one.confidence);
    expect(two.confidence).toBeLessThanOrEqual(1);
  });
});

describe("what must not fire", () => {
  it.each([
    "I'd kill for a discount",
    "this price is criminal",
    "delete my cart",
    "my bank declined the card",
    "you're killing me with these delays",
    "I dispute that the parcel was late",
    "is this legal tender",
    "my package was stolen from the porch",
    "this fraud company never refunds anyone",
    "I was charged twice for one order",
    "your service is shit",
    "are you guys stupid? the label says XL",
    "I'll shoot you a photo of the box",
    "fire sale when?",
    "dying to try the new flavour",
    "my husband is a lawyer and loves your tea",
    "please rectify my delivery address",
    "me muero de ganas de probarlo",
    "vous êtes nuls",
    "ihr bringt mich um mit diesen Verzögerungen",
    "essa demora está me matando",
  ])("%s", (text) => {
    expect(cats(text)).toEqual([]);
  });
});

describe("negation, retraction and quotation", () => {
  it("lowers a negated threat below the threshold and keeps it as suppressed evidence", () => {
    const d = detectHandover("I'm not going to sue, I just want my parcel");
    expect(d.handover).toBe(false);
    expect(d.suppressed[0]).toMatchObject({ category: "legal_threat", modifiers: ["negated"] });
  });
  it("keeps a negated threat that comes with a condition ('not ... but I will if')", () => {
    expect(cats("I don't want to involve lawyers but I will if I have to")).toEqual(["legal_threat"]);
  });
  it("does not let a negation reach across a clause", () => {
    expect(cats("I never got the refund, so chargeback it is")).toEqual(["chargeback_fraud"]);
  });
  it("treats 'just kidding' after a threat as retracted", () => {
    expect(cats("ok I'll sue you... just kidding, where is it")).toEqual([]);
  });
  it("does not treat a pasted subject line in quotes as the customer's own words", () => {
    expect(cats('the email said "chargeback notice" and I have no idea why')).toEqual([]);
  });
  it("never lowers self-harm for a negator it carries itself", () => {
    expect(cats("i don't want to live anymore")).toEqual(["safety"]);
  });
});

describe("robustness", () => {
  it("answers for empty, whitespace-only and symbol-only text", () => {
    for (const t of ["", "   ", "!!! ??? 😡"]) expect(detectHandover(t)).toMatchObject({ handover: false, findings: [], suppressed: [] });
  });
  it("answers for a long ticket", () => {
    const long = `${"where is my order please ".repeat(2000)} my lawyer will call you`;
    expect(cats(long)).toEqual(["legal_threat"]);
  });
});
