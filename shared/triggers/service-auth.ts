import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config';
import { AppError, missingConfig } from '../errors';

// Pub/Sub push and Cloud Scheduler call our functions with a Google-signed OIDC token. Any
// service account can mint such a token for any audience, so a valid signature alone proves
// nothing: the token must also be for THIS function's URL and be minted by THE one account we
// configured, with a verified email. Cloud Run IAM checks the same token before our code runs;
// this check keeps the function safe if it is ever made public by mistake.
// https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions

export type ServiceCallerKind = 'push' | 'scheduler' | 'tasks';

const ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

// jose caches keys and refetches on an unknown kid; one set per JWKS URL per instance.
const keySets = new Map<string, JWTVerifyGetKey>();

function keysFor(url: string): JWTVerifyGetKey {
  let keys = keySets.get(url);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
    keySets.set(url, keys);
  }
  return keys;
}

/** The audience a caller's token must carry to call `functionName`. */
export function audienceFor(config: Config, functionName: string): string {
  const base = config.triggers.audienceBaseUrl;
  if (!base) throw missingConfig('PUSH_AUDIENCE_BASE_URL', 'the audience push and scheduler tokens are checked against (PUBLIC_BASE_URL also works).');
  return `${base}/${functionName}`;
}

const CALLER_SETTING: Record<ServiceCallerKind, string> = {
  push: 'PUSH_SERVICE_ACCOUNT_EMAIL',
  scheduler: 'SCHEDULER_SERVICE_ACCOUNT_EMAIL',
  tasks: 'TASKS_SERVICE_ACCOUNT_EMAIL',
};
const CALLER_NAME: Record<ServiceCallerKind, string> = { push: 'Pub/Sub pushes', scheduler: 'Cloud Scheduler calls', tasks: 'Cloud Tasks deliveries' };

function expectedEmail(config: Config, kind: ServiceCallerKind): string {
  const t = config.triggers;
  const email = kind === 'push' ? t.pushServiceAccount : kind === 'tasks' ? t.tasksServiceAccount : t.schedulerServiceAccount;
  // A misconfiguration is ours, not the caller's: 503 makes Pub/Sub/Scheduler/Cloud Tasks retry until fixed.
  if (!email) throw missingConfig(CALLER_SETTING[kind], `the account whose OIDC tokens ${CALLER_NAME[kind]} carry.`);
  return email.toLowerCase();
}

/** Resolves with the caller's email, or throws 401 `unauthenticated`. */
export async function verifyServiceCaller(
  config: Config,
  authorization: string | undefined,
  functionName: string,
  kind: ServiceCallerKind,
  keys?: JWTVerifyGetKey,
): Promise<string> {
  const audience = audienceFor(config, functionName);
  const email = expectedEmail(config, kind);
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new AppError('unauthenticated', 'Send "Authorization: Bearer <Google OIDC token>".');
  try {
    const { payload } = await jwtVerify(match[1], keys ?? keysFor(config.triggers.oidcJwksUrl), {
      issuer: ISSUERS,
      audience,
      algorithms: ['RS256'],
      clockTolerance: 5,
    });
    if (typeof payload.email !== 'string' || payload.email.toLowerCase() !== email) throw new Error('token minted by another account');
    if (payload.email_verified !== true) throw new Error('email not verified');
    return payload.email;
  } catch (e) {
    throw new AppError('unauthenticated', 'The OIDC token is invalid, expired, or not from the expected service account.', { cause: e });
  }
}
