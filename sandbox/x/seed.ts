// Deterministic content for the local dev sandbox: run on a freshly started fake, it always
// yields the same users, Tweet ids and tokens (the fake numbers everything from counters): the
// sandbox person, a few accounts they follow with recent posts, and a couple of their own posts.
import type { XFake } from './x-fake';

/** Client credentials the sandbox should pass to startXFake and to the backend's config. */
export const SANDBOX_X_CLIENT = { clientId: 'sandbox-x-client-id', clientSecret: 'sandbox-x-client-secret' } as const;

export const SANDBOX_X_USER = { id: '1700000000000000001', username: 'sandbox_user', name: 'Sandbox User' } as const;
/** Another account whose Tweet the sandbox can reply to. */
export const SANDBOX_X_FRIEND = { id: '1700000000000000002', username: 'sandbox_friend', name: 'Sandbox Friend' } as const;

const OTHERS = [
  { id: '1700000000000000003', username: 'cloudnative_notes', name: 'Cloud Native Notes' },
  { id: '1700000000000000004', username: 'ana_souza_dev', name: 'Ana Souza' },
] as const;

/** Posts already on the timeline, oldest first: [author id, text]. */
const TIMELINE: [string, string][] = [
  [SANDBOX_X_USER.id, 'Trying out a new assistant backend this week. So far: calendar, mail and shopping in one loop.'],
  ['1700000000000000003', 'Cold starts on Cloud Functions 2nd gen: bundle, lazy-load clients, keep the init path short.'],
  ['1700000000000000004', 'Slides for our planning review are almost done. Budget section next!'],
  [SANDBOX_X_USER.id, 'Reminder to self: approvals before anything gets sent. Always.'],
  ['1700000000000000003', 'Firestore transactions retry on contention; make your writes idempotent.'],
];

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
  for (const u of OTHERS) fake.addUser({ ...u });
  // The consent page logs in as sandbox_user even though it is not the only account.
  fake.setConsent({ userId: SANDBOX_X_USER.id });
  for (const [author, text] of TIMELINE) fake.addTweet(author, text);
  const friendTweetId = fake.addTweet(SANDBOX_X_FRIEND.id, 'Hello from the X sandbox!');
  const { accessToken, refreshToken } = fake.issueTokens(SANDBOX_X_USER.id);
  return { user: SANDBOX_X_USER, accessToken, refreshToken, friendTweetId };
}
