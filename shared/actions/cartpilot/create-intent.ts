import { z } from 'zod';
import { defineAction } from '../define-action';
import { commerceFor } from '../../commerce/deps';
import { createIntent as create } from '../../commerce/intent-flow';

const Input = z.strictObject({
  query: z.string().trim().min(1).max(500).describe('What the user wants to buy, in their words, e.g. "wireless headphones under $100".'),
  session_id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\w.:-]+$/)
    .optional()
    .describe('Optional conversation id, to group the searches of one chat.'),
});

const Output = z.object({ intent_id: z.string(), query: z.string(), created_at: z.string() });

export const createIntent = defineAction({
  name: 'create_intent',
  description: 'Start a shopping search: turns what the user wants into a purchase intent. Then call get_intent_offers with its intent_id.',
  input: Input,
  output: Output,
  provider: 'cartpilot',
  scopes: [],
  effect: 'write',
  // A product search across merchants: spends their rate limits, like a YouTube search spends quota.
  throttle: 'search',
  // Creates state at CartPilot only; nothing is sent or spent. The person approves the frozen receipt.
  prepares: true,
  successStatus: 201,
  run: (input, ctx) => create(commerceFor(ctx), ctx.user.uid, input.query, input.session_id),
});
