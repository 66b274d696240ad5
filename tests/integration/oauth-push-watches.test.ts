import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { connectThroughFlow } from '../support/oauth-flow';

// Connecting a Google account through the OAuth flow starts its Gmail watch and Calendar channel
// (when push is configured); disconnecting stops them.

const RETURN_TO = 'https://app.example.com/connected';
const ANA = 'ana@example.com';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    extraEnv: {
      OAUTH_RETURN_TO_ALLOWLIST: RETURN_TO,
      GMAIL_PUSH_TOPIC: 'projects/test/topics/gmail-push',
      PUSH_AUDIENCE_BASE_URL: 'https://push.example.com',
    },
  });
  h.google.addAccount({ email: ANA });
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.wipe();
  h.google.setConsent({ email: ANA });
});

describe('push watches follow the connection', () => {
  it('starts the Gmail watch and a Calendar channel on connect, stops them on disconnect', async () => {
    const done = await connectThroughFlow(h, { provider: 'google', capabilities: 'calendar,gmail.read', return_to: RETURN_TO });
    expect(done.location).toContain('connected=google');
    expect(h.google.push.gmailWatches.get(ANA)?.topicName).toBe('projects/test/topics/gmail-push');
    const channels = [...h.google.push.calendarChannels.values()].filter((c) => !c.stopped);
    expect(channels).toHaveLength(1);

    const del = await fetch(`${h.url}/connections?provider=google&account=${encodeURIComponent(ANA)}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(h.google.push.gmailWatches.has(ANA)).toBe(false);
    expect([...h.google.push.calendarChannels.values()].filter((c) => !c.stopped)).toHaveLength(0);
  });

  it('starts nothing the granted scopes do not allow', async () => {
    h.google.push.gmailWatches.clear();
    const done = await connectThroughFlow(h, { provider: 'google', capabilities: 'gmail.send', return_to: RETURN_TO });
    expect(done.location).toContain('connected=google');
    expect(h.google.push.gmailWatches.has(ANA)).toBe(false);
  });
});
