import { z } from 'zod';

// users/{uid}/effects/{effectId}: one write the backend made (or tried to make) on the user's
// behalf at a provider — what (tool, args and their hash), for whom (account), on whose approval
// or Idempotency-Key, and how it ended. The effect id is the approval id, or derived from the
// Idempotency-Key, so every attempt of one effect lands on one record (and one provider id:
// Calendar's event id and Gmail's Message-ID are derived from it).
//   pending      an attempt is running (or its instance died: the reconciler settles it)
//   unknown      the provider's answer was lost; the reconciler looks at the provider
//   applied      it happened (providerId, output)
//   not_applied  it certainly did not happen

export const EFFECT_STATUSES = ['pending', 'unknown', 'applied', 'not_applied'] as const;
export type EffectStatus = (typeof EFFECT_STATUSES)[number];
export const UNSETTLED: readonly EffectStatus[] = ['pending', 'unknown'];

export const EffectRecordSchema = z.object({
  effectId: z.string(),
  tool: z.string(),
  approvalId: z.string().nullable(),
  /** Path of the Idempotency-Key record this effect answers, if it came over HTTP with a key. */
  idempotencyRef: z.string().nullable(),
  argsHash: z.string(),
  /** Canonical JSON of the validated input: what the reconciler looks for at the provider. */
  args: z.string(),
  account: z.string().nullable(),
  status: z.enum(EFFECT_STATUSES),
  providerId: z.string().nullable(),
  /** JSON of the action's output once applied. */
  output: z.string().nullable(),
  /** JSON {code, message} of the last failure. */
  error: z.string().nullable(),
  attempts: z.int(),
  createdAtMs: z.int(),
  updatedAtMs: z.int(),
});
export type EffectRecord = z.infer<typeof EffectRecordSchema>;

/** What an effect is about, known before it runs. */
export interface EffectSubject {
  effectId: string;
  tool: string;
  approvalId: string | null;
  idempotencyRef: string | null;
  argsHash: string;
  args: string;
  account: string | null;
}

export type Settlement =
  | { status: 'applied'; providerId: string; output: unknown; account?: string }
  | { status: 'not_applied' | 'unknown'; error: { code: string; message: string } };
