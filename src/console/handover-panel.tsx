/**
 * The hand-over parts of the draft page: a banner for a safety ticket (the customer or someone else
 * may be at risk), and beside the decision the categories, who owns each, the customer's words that
 * raised them, and, for a data-protection request, its privacy tasks with their deadlines.
 */
import type { Decision } from "../policy/types";
import { privacyTasksOfTicket, type PrivacyTaskRow } from "../privacy/tasks";
import type { Services } from "../services";

const CATEGORY_WORDS: Record<string, string> = {
  safety: "Safety",
  legal_threat: "Legal threat",
  chargeback_fraud: "Chargeback or fraud",
  data_protection: "Data-protection request",
  abuse: "Abuse aimed at staff",
};

/** The privacy tasks of a hand-over ticket with a data-protection request; none otherwise. */
export async function loadHandoverTasks(s: Services, decision: Decision, ticketId: string): Promise<PrivacyTaskRow[]> {
  return decision.handover?.categories.includes("data_protection") ? privacyTasksOfTicket(s.db, ticketId) : [];
}

/** The safety banner, at the top of the page: shown only when `safety` is among the categories. */
export function SafetyBanner(props: { decision: Decision }) {
  const h = props.decision.handover;
  if (!h?.categories.includes("safety")) return null;
  return (
    <div class="notice error safety-banner" role="alert" id="safety-banner">
      <strong>Safety concern.</strong> This message suggests the customer or someone else may be at risk. It belongs to {h.owners.safety ?? h.owner}: follow
      your safety procedure and, if someone is in immediate danger, contact the emergency services. The draft is a holding reply that points to emergency help;
      it offers nothing.
    </div>
  );
}

/** Categories, owners, evidence and privacy tasks, for the decision card. */
export function HandoverPanel(props: { decision: Decision; tasks: readonly PrivacyTaskRow[] }) {
  const h = props.decision.handover;
  if (!h) return null;
  return (
    <section id="handover" aria-labelledby="handover-h" class="handover">
      <h3 id="handover-h">Hand-over: a person owns this ticket</h3>
      <p>
        Owner: <strong>{h.owner}</strong> · no offer, no order recap; the draft is the reviewed holding reply.
      </p>
      <ul aria-label="Hand-over categories">
        {h.categories.map((c) => (
          <li data-category={c}>
            <strong>{CATEGORY_WORDS[c] ?? c}</strong> → {h.owners[c] ?? h.owner}
            <ul aria-label="Evidence">
              {h.evidence
                .filter((e) => e.category === c)
                .map((e) => (
                  <li>
                    “{e.evidence}”{" "}
                    <span class="hint">
                      ({e.kind.replace(/_/g, " ")}, confidence {e.confidence.toFixed(2)})
                    </span>
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
      {props.tasks.length ? (
        <>
          <h4>Privacy tasks</h4>
          <ul id="privacy-tasks">
            {props.tasks.map((t) => (
              <li>
                {t.right.replace(/_/g, " ")}: due <strong>{t.dueOn}</strong> (
                {t.regime.replace("uk_gdpr", "UK GDPR").replace("gdpr", "GDPR").replace("ccpa", "CCPA")}) · {t.status}
                {t.shopifyFlow ? ` · Shopify ${t.shopifyFlow}${t.shopifyEventAt ? " received" : " not received yet"}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
