// Deterministic content for the local dev sandbox: run on a freshly started fake, it always
// yields the same users, Tweet ids and tokens (the fake numbers everything from counters).
import type { XFake } from './x-fake';

/** Client credentials the sandbox should pass to startXFake and to the backend's config. */
export const SANDBOX_X_CLIENT = { clientId: 'sandbox-x-client-id', clientSecret: 'sandbox-x-client-secret' } as const;

export const SANDBOX_X_USER = { id: '1700000000000000001', username: 'sandbox_user', name: 'Sandbox User' } as const;
/** Another account whose Tweet the sandbox can reply to. */
export const SANDBOX_X_FRIEND = { id: '1700000000000000002', username: 'sandbox_friend', name: 'Sandbox Friend' } as const;

export interface XSandboxSeed {
  user: typeof SANDBOX_X_USER;
  accessToken: string;
  refreshToken: string;
  /** A Tweet by sandbox_friend, usable as a reply target. */
  friendTweetId: string;
}

export function seedXSandbox(fake: XFake): XSandboxSeed {
  fake.addUser({ ...SANDBOX_X_USER });
  fake.addUser({ ...SANDBOX_X_FRIEND });
  // The consent page logs in as sandbox_user even though it is not the only account.
  fake.setConsent({ userId: SANDBOX_X_USER.id });
  const friendTweetId = fake.addTweet(SANDBOX_X_FRIEND.id, 'Hello from the X sandbox!');
  const { accessToken, refreshToken } = fake.issueTokens(SANDBOX_X_USER.id);
  return { user: SANDBOX_X_USER, accessToken, refreshToken, friendTweetId };
}
