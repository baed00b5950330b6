/**
 * Drafting: the model writes from the facts and the decision through `ai` (`generateText`), the
 * guard checks the result, one repair round fixes violations, and the template drafter takes over
 * when there is no model, the model fails or times out, or the repair did not hold. Whatever
 * happens, a draft comes back, and it says how it was made.
 */
import { generateText, streamText, type LanguageModel } from "ai";
import type { Decision } from "../../policy/types";
import { renderPrompt, type PromptLibrary } from "../prompts";
import type { IntentFamily } from "../triage/types";
import { maskPii, type DraftFacts } from "./facts";
import { checkDraft, type GuardViolation } from "./guard";
import { TEMPLATE_DRAFTER, templateDraft } from "./template";

const LANGUAGE_NAMES: Record<string, string> = { en: "English", es: "Spanish", fr: "French", de: "German", pt: "Portuguese", it: "Italian", nl: "Dutch" };

/** USD per million tokens (input, output), published list prices; an estimate, not a bill. */
const PRICES: Record<string, [number, number]> = {
  "gpt-4o-mini": [0.15, 0.6],
  "gpt-4o": [2.5, 10],
  "gpt-4.1": [2, 8],
  "gpt-4.1-mini": [0.4, 1.6],
  "gpt-4.1-nano": [0.1, 0.4],
  "gpt-5": [1.25, 10],
  "gpt-5-mini": [0.25, 2],
  "gpt-5-nano": [0.05, 0.4],
};

/** Estimated cost in USD of a call, or null for a model without a known price. */
export function estimateCostUsd(model: string, inputTokens: number, outputTokens: number): number | null {
  const p = PRICES[model];
  return p ? Math.round(((inputTokens * p[0] + outputTokens * p[1]) / 1e6) * 1e6) / 1e6 : null;
}

export interface DraftInput {
  facts: DraftFacts;
  decision: Decision;
  family: IntentFamily;
  intent: string;
  ticketText: string;
  /** An agent's regeneration instruction ("shorter", "warmer"); it cannot change the decision. */
  instruction?: string;
}

export interface DraftResult {
  body: string;
  language: string;
  drafter: "llm" | "template";
  promptName: string;
  promptVersion: string;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  /** Why the template drafter wrote it although a model is configured. */
  fallbackReason: string | null;
  guard: { ok: boolean; repaired: boolean; violations: GuardViolation[]; flagged: boolean };
}

export interface DrafterDeps {
  model: LanguageModel | null;
  modelName: string | null;
  prompts: PromptLibrary;
  timeoutMs: number;
  /** The store's product names, for the guard's product check. */
  catalogue?: readonly string[];
}

/** Renders what the model sees of the decision: the offer in plain words, and what is not allowed. */
export function decisionWording(d: Decision): string {
  const lines: string[] = [];
  if (d.offer_discount) lines.push(`- Offer exactly ${d.discount_percent}% off the customer's next order (no code: it is added on approval).`);
  else lines.push("- Offer no discount.");
  lines.push(d.free_shipping ? "- Offer free shipping on the next order." : "- Do not offer free shipping.");
  if (d.follow_up_owner === "manager") lines.push("- Say a manager will contact the customer personally to follow up.");
  else if (d.escalate) lines.push("- Say the case has been passed to a manager.");
  else lines.push("- Do not mention managers or follow-up calls.");
  lines.push("- Do not promise refunds, credits, gifts or anything else.");
  return lines.join("\n");
}

function buildMessages(input: DraftInput, deps: DrafterDeps) {
  const system = deps.prompts.get("system");
  const voice = deps.prompts.get("brand-voice");
  const reply = deps.prompts.forFamily(input.family);
  const systemText = renderPrompt(system, { brand_voice: voice.body, language_name: LANGUAGE_NAMES[input.facts.language] ?? input.facts.language });
  const userText = renderPrompt(reply, {
    facts: JSON.stringify(input.facts, null, 2),
    decision: decisionWording(input.decision),
    // Any spelling of the fence tag inside the ticket is defused, so the text cannot close the fence.
    ticket: maskPii(input.ticketText).replace(/<\s*\/?\s*ticket\b[^>]*>/gi, "[tag]"),
    instruction: input.instruction ? `Agent's instruction for this version (style only; the rules and the decision stand): ${input.instruction}` : "",
  });
  return { system, reply, systemText, userText };
}

function templateResult(input: DraftInput, fallbackReason: string | null, violations: GuardViolation[], flagged: boolean, modelName: string | null, catalogue?: readonly string[]): DraftResult {
  const t = templateDraft(input.facts, input.family, input.intent);
  const check = checkDraft(t.body, { ...input.facts, language: t.language }, input.decision, { catalogue, languageKnown: true });
  return {
    body: t.body,
    language: t.language,
    drafter: "template",
    promptName: TEMPLATE_DRAFTER.name,
    promptVersion: TEMPLATE_DRAFTER.version,
    model: fallbackReason ? modelName : null,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    fallbackReason,
    guard: { ok: check.ok, repaired: false, violations: [...violations, ...check.violations], flagged },
  };
}

/**
 * Drafts a reply.
 * @param onDelta when given, the first model call streams (`streamText`) and each text delta is
 *   passed on as it arrives (the console's server-sent events); the returned draft is what passed
 *   the guard, which may differ from what streamed when a repair or the template took over
 * @returns a draft, always: model-written and guard-clean, or template-written with the reason
 */
export async function draftReply(input: DraftInput, deps: DrafterDeps, onDelta?: (text: string) => void): Promise<DraftResult> {
  if (!deps.model) {
    const t = templateResult(input, null, [], false, null, deps.catalogue);
    onDelta?.(t.body);
    return t;
  }
  const { system, reply, systemText, userText } = buildMessages(input, deps);
  const settings = { ...system.settings, ...reply.settings };
  let inputTokens = 0;
  let outputTokens = 0;
  type Message = { role: "user" | "assistant"; content: string };
  const options = (messages: Message[]) => ({
    model: deps.model!,
    system: systemText,
    messages,
    temperature: settings.temperature,
    maxOutputTokens: settings.max_output_tokens,
    abortSignal: AbortSignal.timeout(deps.timeoutMs),
    maxRetries: 1,
  });
  const call = async (messages: Message[]) => {
    const r = await generateText(options(messages));
    inputTokens += r.usage.inputTokens ?? 0;
    outputTokens += r.usage.outputTokens ?? 0;
    return r.text.trim();
  };
  const stream = async (messages: Message[]) => {
    const r = streamText({ ...options(messages), onError: () => {} });
    let text = "";
    for await (const part of r.stream) {
      if (part.type === "text-delta") {
        text += part.text;
        onDelta!(part.text);
      } else if (part.type === "error") {
        throw part.error instanceof Error ? part.error : new Error(String(part.error));
      }
    }
    const usage = await r.totalUsage;
    inputTokens += usage.inputTokens ?? 0;
    outputTokens += usage.outputTokens ?? 0;
    return text.trim();
  };
  try {
    const first = [{ role: "user" as const, content: userText }];
    let body = onDelta ? await stream(first) : await call(first);
    let check = checkDraft(body, input.facts, input.decision, { catalogue: deps.catalogue });
    let repaired = false;
    const firstViolations = check.violations;
    if (!check.ok) {
      const repair = deps.prompts.get("repair");
      const repairText = renderPrompt(repair, { draft: body, violations: check.violations.map((v) => `- ${v.detail}`).join("\n") });
      body = await call([
        { role: "user", content: userText },
        { role: "assistant", content: body },
        { role: "user", content: repairText },
      ]);
      check = checkDraft(body, input.facts, input.decision, { catalogue: deps.catalogue });
      repaired = check.ok;
      if (!check.ok) {
        const r = templateResult(input, "the model's draft broke the guard twice", [...firstViolations, ...check.violations], true, deps.modelName, deps.catalogue);
        return { ...r, inputTokens, outputTokens, costUsd: estimateCostUsd(deps.modelName ?? "", inputTokens, outputTokens) };
      }
    }
    return {
      body,
      language: input.facts.language,
      drafter: "llm",
      promptName: reply.name,
      promptVersion: `${reply.version}+system@${system.version}`,
      model: deps.modelName,
      inputTokens,
      outputTokens,
      costUsd: estimateCostUsd(deps.modelName ?? "", inputTokens, outputTokens),
      fallbackReason: null,
      guard: { ok: true, repaired, violations: firstViolations, flagged: false },
    };
  } catch (err) {
    const e = err as Error;
    const reason = e.name === "TimeoutError" || e.name === "AbortError" ? `the model timed out after ${deps.timeoutMs} ms` : `the model failed: ${e.message.slice(0, 200)}`;
    return templateResult(input, reason, [], false, deps.modelName, deps.catalogue);
  }
}
