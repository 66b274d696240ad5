import { understand, type Intent } from './sandbox-intents';
import { calendarStep, dayStep, emailStep, inboxStep, scheduleStep } from './sandbox-google-journeys';
import { orderStatusStep, shopStep } from './sandbox-shopping';
import { youtubeStep, tweetStep } from './sandbox-social-journeys';
import { reply, type Step } from './sandbox-steps';
import { readTurn, type Turn } from './sandbox-turn';
import { sandboxSorting } from './sandbox-sorting';
import type { GeminiCall, ModelReply } from './wire';

// THE OFFLINE SANDBOX MODEL — not Gemini, not AI. Fixed patterns (sandbox-intents.ts) map a
// message to a journey; each journey decides its next step from what the tools answered so far,
// the way a model reads its functionResponses, and every reply starts with "[sandbox model]".
// It exists so `npm start` shows whole journeys offline (tool calls, approvals, resumption)
// through the real SDK, the real wire format, the real tool loop and approval gate: it only
// chooses calls and writes text; the orchestrator runs reads and turns every write into an
// approval. Deterministic: the same conversation always gets the same answer.

export const SANDBOX_LABEL = '[sandbox model]';

export const FALLBACK_REPLY = [
  "I'm the offline sandbox model: I follow a few fixed phrasings, not AI. I can:",
  '- "buy a coffee grinder, order updates to ana@example.com" / "find me wireless headphones under 100 dollars" (then approve the receipt yourself)',
  '- "what happened to my order"',
  '- "search YouTube for serverless talks and tweet the best one"',
  '- "schedule lunch with Ana tomorrow at noon", "book a review with bo@example.com on Friday at 3pm and invite them"',
  `- "what's my day", "what's on my calendar this week", "check my inbox"`,
  '- "email ana@example.com about Friday: can we start at 10?"',
  '- "post a tweet saying hello"',
].join('\n');

/** The tool each journey starts with: if it is not declared, the account it needs is not connected. */
const FIRST_TOOL: Record<Intent['kind'], string | undefined> = {
  order_status: 'list_orders',
  shop: 'create_intent',
  youtube: 'search_youtube',
  schedule: 'list_calendar_events',
  day: 'list_calendar_events',
  email: 'send_email',
  calendar: 'list_calendar_events',
  inbox: 'list_recent_emails',
  tweet: 'post_tweet',
  unknown: undefined,
};

export function sandboxModel(call: GeminiCall): ModelReply {
  // Structured output (mail sorting) is answered in JSON of the asked schema, not as a journey.
  const structured = sandboxSorting(call);
  if (structured) return structured;
  const turn = readTurn(call);
  const intent = understand(turn.text);
  const first = FIRST_TOOL[intent.kind];
  if (first && turn.done.length === 0 && !turn.tools.includes(first)) {
    return say(`That needs ${first}, which isn't available right now (connect the account it needs first).`);
  }
  const step = journey(intent, turn);
  if (!('calls' in step)) return say(step.say);
  // Call ids are unique within the turn, so the loop can pair each answer with its call.
  const calls = step.calls.map((c, i) => ({ ...c, id: `sandbox-${turn.done.length + i + 1}` }));
  return step.say ? { text: `${SANDBOX_LABEL} ${step.say}`, calls } : { calls };
}

function journey(intent: Intent, turn: Turn): Step {
  switch (intent.kind) {
    case 'order_status':
      return orderStatusStep(turn);
    case 'shop':
      return shopStep(turn, intent.query, intent.budget, intent.orderMailTo);
    case 'youtube':
      return youtubeStep(turn, intent.query, intent.tweet);
    case 'schedule':
      return scheduleStep(turn, intent.summary, intent.when, intent.attendees, intent.invite);
    case 'day':
      return dayStep(turn);
    case 'email':
      return emailStep(turn, intent.to, intent.subject, intent.body);
    case 'calendar':
      return calendarStep(turn, intent.days);
    case 'inbox':
      return inboxStep(turn, intent.unread);
    case 'tweet':
      return tweetStep(turn, intent.text);
    default:
      return reply(FALLBACK_REPLY);
  }
}

const say = (text: string): ModelReply => ({ text: `${SANDBOX_LABEL} ${text}` });
