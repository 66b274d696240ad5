import type { ToolResponse } from './types';

// Money never moves on the model's word. approve_checkout and confirm_checkout are not declared
// to the model, and a call to either (a hallucinated or injected one) is answered with an error
// and reaches nothing upstream. The model asks with request_approval; the orchestrator runs it
// (it freezes the receipt and spends nothing), keeps its answer back, and shows the person the
// frozen receipt as a pending approval. Only their approve — a fresh, signed-in human request —
// runs approve_checkout and then confirm_checkout, with their identity.

// Which actions are human-only and which writes merely prepare is declared on each action
// (`humanOnly`, `prepares` in defineAction) and read through modelGate(); nothing is listed here.
// Preparation (intent, open checkout, quote) runs without asking: it sends nothing and spends
// nothing, and gating it would ask the user three times before the one question that matters —
// the frozen receipt, which request_approval puts in front of them.
export function forbiddenResponse(name: string): ToolResponse {
  return {
    error: {
      code: 'forbidden',
      message: `${name} can only be done by the user themselves. Call request_approval for the checkout; the user will see the receipt and approve or decline it.`,
    },
  };
}
