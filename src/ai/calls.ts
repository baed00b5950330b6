/**
 * Model calls, in one place: the AI SDK telemetry settings of a call (its `functionId`, no inputs or
 * outputs recorded), and the wrapper that reports every call to the metrics port (latency, tokens,
 * estimated cost from the list prices of src/ai/usage.ts). The drafter and the LLM classifier use it.
 */
import type { ModelCall } from "../log/metrics";
import { estimateCostUsd } from "./usage";

/**
 * The AI SDK telemetry settings of one model call: `functionId` names the prompt, so a trace shows
 * which prompt each model span served. Inputs and outputs are never recorded: they hold the
 * ticket's words and the customer's first name. Spans are made only when an OpenTelemetry
 * integration is registered (src/log/tracing-node.ts); otherwise this costs nothing.
 */
export function modelTelemetry(functionId: string) {
  return { functionId, recordInputs: false, recordOutputs: false };
}

/**
 * Runs one model call and reports it to `onModelCall` with its wall time, tokens and estimated cost.
 * @param usage reads the call's token counts from its result
 * @throws what the call throws (reported first as `error` or `timeout`)
 */
export async function observedModelCall<T>(
  onModelCall: ((call: ModelCall) => void) | undefined,
  meta: { functionId: string; model: string },
  run: () => Promise<T>,
  usage: (r: T) => { inputTokens?: number; outputTokens?: number },
): Promise<T> {
  const t0 = performance.now();
  try {
    const r = await run();
    if (onModelCall) {
      const u = usage(r);
      const inputTokens = u.inputTokens ?? 0;
      const outputTokens = u.outputTokens ?? 0;
      onModelCall({
        ...meta,
        outcome: "ok",
        seconds: (performance.now() - t0) / 1000,
        inputTokens,
        outputTokens,
        costUsd: estimateCostUsd(meta.model, inputTokens, outputTokens),
      });
    }
    return r;
  } catch (err) {
    const name = (err as Error)?.name;
    onModelCall?.({
      ...meta,
      outcome: name === "TimeoutError" || name === "AbortError" ? "timeout" : "error",
      seconds: (performance.now() - t0) / 1000,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: null,
    });
    throw err;
  }
}
