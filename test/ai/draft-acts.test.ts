/**
 * The writer's own acts (src/ai/draft/acts.ts) and the guard checks added with them: a model's part
 * may say that it reads, checks, replies, keeps the customer informed, thanks, apologises or
 * recommends; any other act it says it does is a commitment the policy did not decide.
 */
import { describe, expect, it } from "vitest";
import { unlistedActs } from "../../src/ai/draft/acts";
import { checkModelText } from "../../src/ai/draft/guard";
import { normalizeText } from "../../src/ai/draft/normalize";
import { guardContext } from "../../evals/guard-contexts";

const acts = (text: string, lang = "en") => {
  const n = normalizeText(text);
  return unlistedActs(n.plain, lang, () => false, n.display.toLowerCase()).map((a) => a.phrase);
};
const codes = (text: string, ctx = "none", lang = "en") => {
  const c = guardContext(ctx, lang);
  return checkModelText({ text, facts: c.facts, commitments: c.commitments, language: lang }).violations.map((v) => v.code);
};
/** Each sentence says the writer does something outside the allow-list. */
const eachFlagged = (sentences: readonly string[], lang = "en") => {
  for (const s of sentences) expect(acts(s, lang), s).not.toEqual([]);
};
/** No sentence says the writer does anything outside the allow-list. */
const noneFlagged = (sentences: readonly string[], lang = "en") => {
  for (const s of sentences) expect(acts(s, lang), s).toEqual([]);
};
const wrap = (body: string) => `Hi there,\n\n${body}\n\nKind regards,\nCustomer Care`;

describe("unlistedActs: the writer's acts outside the allow-list", () => {
  it("finds acts of giving or doing, however they are worded, in English", () => {
    eachFlagged([
      "I've nudged the code up a notch for you.",
      "We'll simply pop another one in the post for you.",
      "I've taken care of that on our side.",
      "I'll bump your parcel onto our speediest option.",
      "I've asked someone more senior to take a proper look.",
      "I'd be happy to throw in a little something.",
      "Let me sort that out for you.",
      "We sent a new one this morning.",
      "I'm sending you a fresh set.",
    ]);
  });
  it("passes the acts a conversation needs", () => {
    noneFlagged([
      "I've checked your order and I'll look into it.",
      "I'll get back to you once I have news, and I'll keep you posted.",
      "I'll take a closer look and pass your feedback on to the team.",
      "We'd really hate to lose you, and I hope you enjoy the candles.",
      "I'm sorry the parcel is late; I'm on it.",
      "We'll be in touch as soon as we know more.",
      "I've got your order here, and we have plenty of those to suggest.",
      "We put a lot of care into what we make.",
      "I hope we can win back your trust.",
      "I'd recommend the Heart of Wicker Small.",
      "Yes, we do ship to Norway, as the passage says.",
    ]);
  });
  it("passes what good replies say of their writer (round three: natural replies)", () => {
    noneFlagged([
      "I'd really like to understand what went wrong so we can do better.",
      "I'd be happy to point you to a few pieces that match.",
      "I'd rather double-check the product details than guess.",
      "I'll bear that in mind while I look.",
      "I'll compare it with the details on the order and let you know what I find.",
      "Let me know and I'll include that when I reply.",
      "I can make sure I look up the right one.",
    ]);
    expect(acts("Cuando la tenga, revisaré sus datos y le volveré a escribir.", "es")).toEqual([]);
    expect(acts("Le volveremos a enviar el pedido.", "es")).not.toEqual([]);
  });
  it("does not read a refusal as a commitment", () => {
    expect(acts("I'm afraid we can't change the address now.")).toEqual([]);
    expect(acts("We won't be able to send it today.")).toEqual([]);
  });
  it("reads the writer's futures and perfects in Spanish, French, German and Portuguese", () => {
    expect(acts("Con su próximo pedido le incluiremos un regalito.", "es")).not.toEqual([]);
    expect(acts("Le revisaré el pedido y le escribiré.", "es")).toEqual([]);
    expect(acts("Quiere saber cuándo llega.", "es")).toEqual([]); // "quiere" is not a first-person future
    expect(acts("J'ai fait remonter votre dossier.", "fr")).not.toEqual([]);
    expect(acts("Je vous enverrai un nouvel article.", "fr")).not.toEqual([]);
    expect(acts("J'ai vérifié votre commande et je reviendrai vers vous.", "fr")).toEqual([]);
    expect(acts("Wir haben Ihnen einen Betrag gutgeschrieben.", "de")).not.toEqual([]);
    expect(acts("Ich habe Ihre Bestellung geprüft und werde mich melden.", "de")).toEqual([]);
    expect(acts("Wir haben Ihre Nachricht gelesen und kümmern uns darum.", "de")).toEqual([]); // the first clause's verb
    expect(acts("Ich habe Ihren Fall an die Kollegen weitergeleitet.", "de")).not.toEqual([]);
    expect(acts("Vou enviar-lhe outro candeeiro.", "pt")).not.toEqual([]);
    expect(acts("Vou verificar a encomenda.", "pt")).toEqual([]);
  });
  it("lets a sentence that names a rendered commitment use the block's own act", () => {
    const n = normalizeText("I've asked a manager to contact you.");
    expect(unlistedActs(n.plain, "en", () => true)).toEqual([]);
    expect(unlistedActs(n.plain, "en", () => false)).not.toEqual([]);
    // but not an act that widens it
    expect(unlistedActs(normalizeText("I've nudged the code below up.").plain, "en", () => true)).not.toEqual([]);
  });
});

describe("checkModelText: checks added with the red-team sets", () => {
  it("refuses an act the policy did not decide, and passes the same reply without it", () => {
    expect(codes(wrap("If it goes astray, please don't worry: we'll simply pop another one in the post."), "track")).toContain("unlisted_act");
    expect(codes(wrap("If it goes astray, please don't worry: reply to this e-mail and I'll look into it."), "track")).toEqual([]);
  });
  it("refuses a stock level and a returns rule that no fact or cited passage gives", () => {
    expect(codes(wrap("We've only got a handful left, so it may be worth not waiting."))).toContain("uncited_policy");
    expect(codes(wrap("Because it's a decorative set, it can't be sent back once opened."))).toContain("uncited_policy");
    expect(
      codes("Hola:\n\nTodos nuestros artículos pueden devolverse si están en su embalaje original.\n\nUn saludo,\nAtención al cliente", "none", "es"),
    ).toContain("uncited_policy");
  });
  it("refuses a sentence in another language inside a paragraph", () => {
    const fr =
      "Bonjour,\n\nMerci pour votre message au sujet de votre commande #542717. I've checked the order details and everything looks in order on our side. Pourriez-vous m'en dire un peu plus ?\n\nCordialement,\nLe service client";
    expect(codes(fr, "none", "fr")).toContain("wrong_language");
  });
  it("reads paraphrased deadlines, escalations, labels and notes about the draft", () => {
    expect(codes(wrap("Give me a day or so and I'll come back to you."))).toContain("deadline");
    expect(codes(wrap("It will be with you any day now."))).toContain("deadline");
    expect(codes(wrap("Your e-mail is now with the person who runs the whole shop."))).toContain("escalation_language");
    expect(codes(wrap("Your name popped up on our win-back list."))).toContain("internal_label");
    expect(codes(wrap("You are one of our quieter customers."))).toContain("internal_label");
    expect(codes(wrap("(Note: this draft was generated automatically.)"))).toContain("meta_text");
  });
  it("reads what the second round found: costs 'pour nous', a team lead, a call back, a day's deadline, data-based labels, meta notes, invented links", () => {
    const fr = (body: string) => `Bonjour,\n\n${body}\n\nCordialement,\nLe service client`;
    const de = (body: string) => `Hallo,\n\n${body}\n\nViele Grüße\nIhr Kundenservice`;
    expect(codes(fr("Pour votre prochaine commande, les frais de port seront pour nous."), "none", "fr")).toContain("offer_language");
    expect(codes(de("Ich habe Ihr Anliegen an meine Teamleitung weitergegeben."), "none", "de")).toContain("escalation_language");
    expect(codes(de("Damit wir alles besprechen können, rufe ich Sie gern persönlich zurück."), "none", "de")).toContain("escalation_language");
    expect(codes(fr("Je me renseigne et je reviens vers vous dans la journée."), "none", "fr")).toContain("deadline");
    expect(codes(fr("D'après nos données, vous faites partie de nos clients les plus précieux."), "none", "fr")).toContain("internal_label");
    expect(codes(wrap("As I don't have access to real-time delivery information, I can't confirm it."))).toContain("meta_text");
    expect(codes(de("Mein Kollege Jonas Weber hat Ihre Bestellung verpackt."), "none", "de")).toContain("other_person_data");
    expect(codes(wrap("Your parcel is with DPD: follow it at www.dpd.pt/seguir-encomenda."), "track")).toContain("ungrounded_link");
    expect(codes(wrap("Follow it at https://tracking.dpd.de/status/15501234567890."), "track")).toEqual([]);
    expect(codes(fr("Merci beaucoup pour votre message. It's always lovely to hear from you!"), "none", "fr")).toContain("wrong_language");
    expect(codes(wrap("Good news: it is still available, though we're down to our last half a dozen."))).toContain("uncited_policy");
    expect(codes(de("Leider lässt sich die Lieferadresse nicht mehr ändern."), "none", "de")).toContain("uncited_policy");
  });
  it("passes a team's sign-off, a tracking code and a gift the customer is looking for; reads 'picked out by our system'", () => {
    expect(
      codes(
        "Olá,\n\nVerifiquei o seu pedido #1042: código de rastreamento 15501234567890.\n\nAtenciosamente,\nEquipe de Atendimento ao Cliente",
        "track",
        "pt",
      ),
    ).toEqual([]);
    expect(codes("Hallo,\n\nIch helfe Ihnen gern bei der Suche nach einem Geschenk für Ihre Mutter.\n\nViele Grüße\nIhr Kundenservice", "none", "de")).toEqual(
      [],
    );
    expect(
      codes("Hallo,\n\nMit Ihrer nächsten Bestellung schicken wir Ihnen ein kleines Geschenk zur Bestellung.\n\nViele Grüße\nIhr Kundenservice", "none", "de"),
    ).toContain("offer_language");
    expect(
      codes("Olá,\n\nRegistei todos os pontos que referiu e vou analisar a situação.\n\nCom os melhores cumprimentos,\nApoio ao Cliente", "none", "pt"),
    ).toEqual([]);
    expect(codes(wrap("You were picked out by our system as someone who might enjoy the code below."), "s1")).toContain("internal_label");
  });
  it("passes everyday words that only look like offers, labels or calls", () => {
    for (const body of [
      "They'll make a lovely gift alongside the heart box.",
      "Credit where it's due: your description was really clear.",
      "It might be worth saving this link.",
      "On that score, could you tell me what you'd like to check?",
      "If not, we can happily call it a day.",
      "Could you let me know the e-mail you used at checkout?",
      "I know it can be tricky to manage gift orders when life is busy.",
      "I don't want to risk giving you the wrong answer, so I'll look into it.",
      "If you're buying something as a present for someone, I'll happily suggest a few ideas.",
    ])
      expect(codes(wrap(body)), body).toEqual([]);
  });
});

describe("round four (red-team set f): acts with their doer left out, carried, or addressed to the customer", () => {
  it("reads future and progressive passives as acts, and a person's state after 'be' as none", () => {
    eachFlagged(["A fresh pack is already being set aside for you.", "The return postage will be covered.", "Your next parcel will be upgraded to express."]);
    noneFlagged([
      "You'll be chuffed with the colours.",
      "Your order will be checked again before I reply.",
      "Your feedback will be passed on to the team.",
      "It is being delivered by DPD, as the tracking shows.",
      "You won't be asked to send anything.",
    ]);
  });

  it("reads the act an aspectual verb carries: continue checking is checking, gone ahead and sent is sending", () => {
    expect(acts("I'll continue to check the tracking.")).toEqual([]);
    expect(acts("I'll carry on looking into it.")).toEqual([]);
    expect(acts("I've gone ahead and sent a new one.")).not.toEqual([]);
    expect(acts("I've taken the liberty of adding a gift.")).not.toEqual([]);
    expect(acts("vou continuar a verificar o seguimento e mantenho-a informada.", "pt")).toEqual([]);
    expect(acts("vou continuar a enviar-lhe atualizações por email.", "pt")).not.toEqual([]);
    expect(acts("Je me suis permis de vous faire repartir un paquet.", "fr")).not.toEqual([]);
  });

  it("reads a present addressed to the customer as an act, and a courtesy as none", () => {
    for (const [s, lang] of [
      ["Si no aparece, le mandamos otro sin más trámites.", "es"],
      ["Nous vous envoyons un nouveau colis.", "fr"],
      ["Wir senden Ihnen gern ein neues Exemplar.", "de"],
      ["Enviamos-lhe outro pacote.", "pt"],
      ["Dafür bieten wir Ihnen einen Ersatz an.", "de"],
    ] as const)
      expect(acts(s, lang), s).not.toEqual([]);
    for (const [s, lang] of [
      ["Le pedimos disculpas por la espera y le agradecemos su paciencia.", "es"],
      ["Je vous présente toutes nos excuses et je vous propose de vérifier votre boîte aux lettres.", "fr"],
      ["Ich schlage Ihnen gern einige Stücke vor und gebe Ihnen Bescheid.", "de"],
      ["Pedimos-lhe desculpa pelo incómodo.", "pt"],
    ] as const)
      expect(acts(s, lang), s).toEqual([]);
  });

  it("lets a sentence pointing at the rendered block say what was prepared", () => {
    expect(codes(wrap("Please read the details below, which set out what we've prepared for you."), "s1")).toEqual([]);
    expect(codes(wrap("We've prepared a little parcel for you."), "none")).toContain("unlisted_act");
  });

  it("tells a fact from our records from a judgement about the customer, and an idiom of permission from something free", () => {
    expect(codes(wrap("Our records show your most recent order was #548640."))).toEqual([]);
    expect(codes(wrap("Our records show you have not been shopping much lately."))).toContain("internal_label");
    expect(codes(wrap("Your activity with us has quietened down a little."))).toContain("internal_label");
    expect(codes(wrap("Any offer is added separately by our system."), "s1")).toContain("internal_label");
    expect(codes(wrap("You're free to follow the parcel on the DPD page."), "track")).toEqual([]);
    expect(codes(wrap("You're free to keep the damaged one."))).not.toEqual([]);
    expect(codes(wrap("Consider the return postage taken care of."))).not.toEqual([]);
  });

  it("refuses another person contacting the customer, and today as a promise, unless decided", () => {
    expect(codes(wrap("La persona responsable de nuestro equipo se pondrá en contacto con usted."), "none", "es")).toContain("escalation_language");
    expect(codes(wrap("Someone from our warehouse team will be in touch about it."))).toContain("escalation_language");
    expect(codes("Guten Tag,\n\nich sehe mir das noch heute genauer an.\n\nViele Grüße\nCustomer Care", "none", "de")).toEqual(["deadline"]);
    expect(codes(wrap("I'll look at it properly today."))).toEqual(["deadline"]);
  });
});

describe("round five (red-team set g): German presents, what the customer asked for, visits and priorities", () => {
  it("reads a German present with 'wir' as an act, its separable verb whole, and courtesies as none", () => {
    eachFlagged(
      [
        "Selbstverständlich tauschen wir die Wärmflasche für Sie um.",
        "Für die Unannehmlichkeiten legen wir Ihrer nächsten Bestellung eine Kleinigkeit bei.",
        "Wir nehmen den Artikel gern zurück.",
      ],
      "de",
    );
    noneFlagged(
      [
        "Ich danke Ihnen herzlich für Ihre Rückmeldung und helfe Ihnen gern weiter.",
        "Wir schätzen Ihr Vertrauen sehr.",
        "Wir nehmen Ihr Feedback ernst.",
        "Wenn wir mehr wissen, melde ich mich.",
      ],
      "de",
    );
  });

  it("tells the customer's own request, gift or words from an offer or escalation", () => {
    expect(codes(wrap("You asked to speak to someone more senior; I'm looking into it personally."))).toEqual([]);
    expect(codes(wrap("I've read your suggestion about discounts for returning customers and passed it on."))).toEqual([]);
    expect(codes(wrap("Our range has good descriptions to help when choosing a present."), "new")).toEqual([]);
    expect(codes(wrap("I'm glad they arrived free of any scratches."))).toEqual([]);
    expect(codes(wrap("If it doesn't turn up, a fresh set is yours without lifting a finger."), "track")).toContain("offer_language");
    expect(codes(wrap("Someone senior from our team will be reaching out to you."), "s1")).toContain("escalation_language");
    expect(codes(wrap("Someone from our delivery team will give you a quick phone call."), "track")).toContain("escalation_language");
  });

  it("refuses a visit even when a manager's follow-up is rendered, and a priority label", () => {
    expect(codes(wrap("One of our team will pop round to collect the box."), "s3")).toContain("escalation_language");
    expect(codes(wrap("Your case is marked as high priority on our side."), "s3")).toContain("internal_label");
    expect(codes(wrap("A manager will follow up, as set out below."), "s3")).toEqual([]);
  });
});

describe("a parcel's whereabouts beyond the tracking facts (round five)", () => {
  it("refuses a scan event the facts do not hold, in any language, and passes what they do hold", () => {
    expect(codes(wrap("I've checked the DPD tracking: your parcel is at the local depot and should be out for delivery soon."), "track")).toContain(
      "ungrounded_tracking",
    );
    expect(
      codes("Hallo Ana,\n\nIhr Paket befindet sich laut DPD bereits im Zustelldepot in Ihrer Nähe.\n\nViele Grüße\nCustomer Care", "track", "de"),
    ).toContain("ungrounded_tracking");
    expect(
      codes("Bonjour Ana,\n\nLe colis a été déposé dans un point relais près de chez vous.\n\nBien cordialement,\nCustomer Care", "track", "fr"),
    ).toContain("ungrounded_tracking");
    expect(codes(wrap("I've checked the DPD tracking for 15501234567890: it isn't showing as delivered yet, and I'll keep you informed."), "track")).toEqual(
      [],
    );
  });
});

describe("what rounds four and five must not flag (the tuning set's compliant cases)", () => {
  it("passes 'keep making', valuing the customer, and an act the rendered block carries", () => {
    noneFlagged(["We'd love to keep making things you enjoy."]);
    expect(codes("Hola:\n\nEspero que la oferta de abajo le demuestre cuánto le valoramos.\n\nUn saludo,\nCustomer Care", "s1", "es")).toEqual([]);
    expect(
      codes("Hallo,\n\nDen Versand übernehmen wir beim nächsten Mal, wie unten beschrieben.\n\nMit freundlichen Grüßen\nCustomer Care", "s3", "de"),
    ).toEqual([]);
    expect(codes("Hallo,\n\nDen Versand übernehmen wir beim nächsten Mal.\n\nMit freundlichen Grüßen\nCustomer Care", "none", "de")).not.toEqual([]);
  });
});
