import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actions } from '../../shared/actions';
import { defineAction, modelGate } from '../../shared/actions/define-action';

// The orchestrator's approval policy comes from each action's own definition: a read runs, a
// write or purchase waits for a person unless the action says it only prepares, and a
// human-only purchase is never offered to the model.

describe('model gate', () => {
  const gate = Object.fromEntries(actions.map((a) => [a.name, modelGate(a)]));

  it('runs every read without approval', () => {
    for (const a of actions.filter((x) => x.effect === 'read')) expect(gate[a.name], a.name).toBe('none');
  });

  it('asks a person before anything is sent, posted, created or cancelled', () => {
    for (const name of ['send_email', 'post_tweet', 'create_calendar_event', 'cancel_order', 'request_refund']) expect(gate[name], name).toBe('approval');
    // request_approval freezes the receipt at once; what waits for the person is that receipt.
    expect(gate.request_approval).toBe('approve_result');
  });

  it('never lets the model approve or confirm a purchase', () => {
    expect(gate.approve_checkout).toBe('human_only');
    expect(gate.confirm_checkout).toBe('human_only');
  });

  it('lets only shopping preparation run as a write without approval', () => {
    const ungatedWrites = actions
      .filter((a) => a.effect !== 'read' && modelGate(a) === 'none')
      .map((a) => a.name)
      .sort();
    expect(ungatedWrites).toEqual(['create_checkout', 'create_intent', 'quote_checkout']);
  });

  it('refuses inconsistent definitions', () => {
    const base = {
      description: 'A test action for the gate.',
      input: z.strictObject({}),
      output: z.object({}),
      provider: 'google' as const,
      scopes: [],
      run: async () => ({}),
    };
    expect(() => defineAction({ ...base, name: 'bad_prepare', effect: 'purchase', prepares: true })).toThrow(/only a write/);
    expect(() => defineAction({ ...base, name: 'bad_human', effect: 'write', humanOnly: true })).toThrow(/only a purchase/);
    const approvesResult = {
      effect: 'purchase' as const,
      preview: () => ({ kind: 'generic' as const, title: 't', details: {} }),
      binding: () => ({}),
      onApprove: () => ({}),
      laterStepFailed: 'x',
    };
    expect(() => defineAction({ ...base, name: 'bad_result', effect: 'read', approvesResult })).toThrow(/nothing to approve/);
  });
});
