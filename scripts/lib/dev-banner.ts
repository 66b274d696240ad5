import type { FunctionEntry } from '../../functions/catalog';

// The few lines `npm start` prints once it is ready: where things run and how to try them.
// Examples are only shown for functions that exist, so the banner never advertises a 404.

export interface BannerInput {
  baseUrl: string;
  functions: readonly FunctionEntry[];
  sandbox: { reason: string; googleAccount?: string; xUsername?: string } | { off: string };
  projectId: string;
  emulator: { host: string; startedByHost: boolean };
}

const EXAMPLES: Record<string, unknown> = {
  'list-calendar-events': {},
  'send-email': { to: ['ana@example.com'], subject: 'Hello', text: 'Sent from my assistant backend.' },
  'search-youtube': { query: 'serverless cold starts', max_results: 3 },
  'post-tweet': { text: 'Hello from my assistant backend!' },
  'create-intent': { query: 'wireless headphones' },
};

/** Phrasings the offline sandbox model follows (README: "The assistant, offline"). */
const PROMPTS = [
  'Find me some wireless headphones under 100 dollars',
  'Search YouTube for serverless talks and tweet the best one',
  'Schedule lunch with Ana tomorrow at noon',
  "What's my day?",
];

export function banner(b: BannerInput): string {
  const names = new Set(b.functions.map((f) => f.name));
  const lines = [
    '',
    `seven-functions local host: ${b.baseUrl}  (${b.functions.length} functions; GET ${b.baseUrl}/functions.json lists them)`,
    `  console:   ${b.baseUrl}/  (sign in as a dev user; approvals, chat, connections, orders)`,
    'off' in b.sandbox
      ? `  sandbox:   OFF (${b.sandbox.off}); real providers from the environment`
      : `  sandbox:   ON (${b.sandbox.reason}); Google, X and CartPilot are loopback fakes, nothing leaves this machine`,
    `  firestore: ${b.emulator.host} (${b.emulator.startedByHost ? 'official emulator started by this host, stopped on exit' : 'FIRESTORE_EMULATOR_HOST'}), project ${b.projectId}`,
    `  openapi:   ${b.baseUrl}/openapi.json`,
  ];
  if (!('off' in b.sandbox)) {
    lines.push(`  you are:   dev-user (no Authorization header), Google ${b.sandbox.googleAccount}, X @${b.sandbox.xUsername}`);
    lines.push(`  outbox:    ${b.baseUrl}/sandbox/outbox  (mails sent, posts made, events created, purchases)`);
  }
  lines.push('', 'Try:');
  for (const [name, body] of Object.entries(EXAMPLES)) {
    if (names.has(name)) lines.push(`  curl -s ${b.baseUrl}/${name} -H 'content-type: application/json' -d '${JSON.stringify(body)}'`);
  }
  const shopping = b.functions.filter((f) => f.action?.provider === 'cartpilot').map((f) => f.name);
  if (shopping.length > 0) lines.push(`  # then shop (CartPilot): ${shopping.join(', ')}; inputs in ${b.baseUrl}/openapi.json`);
  if (names.has('integrations-status')) lines.push(`  curl -s ${b.baseUrl}/integrations-status`);
  if (names.has('chat')) {
    const model = 'off' in b.sandbox ? 'Gemini' : 'the offline [sandbox model]: fixed phrasings, no AI, no key';
    lines.push('', `Ask the assistant (${model}); writes come back 202 with data.approval, approve at /approvals/<id>:`);
    for (const message of PROMPTS)
      lines.push(`  curl -s ${b.baseUrl}/chat -H 'content-type: application/json' -d '${JSON.stringify({ message }).replace(/'/g, "'\\''")}'`);
  }
  lines.push('', 'Ctrl-C stops the host, the fakes and the emulator.', '');
  return lines.join('\n');
}
