/**
 * `npm run evals`: runs every suite against the configured store (the embedded demo store by
 * default) and prints a table per suite; exits 1 when a suite is below its threshold. With
 * OPENAI_API_KEY set the model drafts and classifies; EVALS_JUDGE_MODEL adds the tone judge.
 * `--json FILE` writes the results, to compare two prompt versions or two models (see README).
 */
import { writeFileSync } from "node:fs";
import { createLanguageModel } from "../src/ai/model";
import { parseEnv } from "../src/config/env";
import { bootstrap } from "../src/node/bootstrap";
import { formatResults, runEvals } from "./suites";

const args = process.argv.slice(2);
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined;
const env = parseEnv(process.env);
const quiet = { info: () => {}, warn: () => {}, error: (m: string, f?: Record<string, unknown>) => console.error(m, f ?? "") };
const rt = await bootstrap(env, { log: { ...quiet, info: (m: string) => (/demo import|scoring/.test(m) ? console.error(m) : undefined) } });
try {
  const judgeName = process.env.EVALS_JUDGE_MODEL;
  const judge = judgeName ? createLanguageModel({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: judgeName }) : null;
  const results = await runEvals(rt.services, { judge });
  const drafter = rt.services.drafter.model ? `${rt.services.drafter.modelName} (prompts ${env.PROMPTS_DIR})` : "template";
  console.log(formatResults(results, drafter, rt.services.classifier.name));
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ drafter, classifier: rt.services.classifier.name, results }, null, 2));
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
} finally {
  await rt.close();
}
