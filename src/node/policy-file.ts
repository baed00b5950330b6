import { readFileSync } from "node:fs";
import { parsePolicyConfig, type PolicyConfig } from "../policy/config";

/**
 * Reads and validates a policy file (Node only; the Workers build bundles the validated document).
 * @throws Error naming the file and every invalid field
 */
export function loadPolicyConfig(file: string): PolicyConfig {
  return parsePolicyConfig(JSON.parse(readFileSync(file, "utf8")), file);
}
