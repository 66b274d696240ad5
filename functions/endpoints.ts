import type { Endpoint } from '../shared/http/endpoint';
import { integrationsStatus } from './integrations-status';
import { chat } from './chat';
import { approvals } from './approvals';
import { mcp } from './mcp';
import { accessTokens } from './access-tokens';
import { oauthStart } from './oauth-start';
import { oauthCallback } from './oauth-callback';
import { connections } from './connections';
import { merchantWebhook } from './merchant-webhook';
import { spendingPolicy } from './spending-policy';
import { gmailPush } from './gmail-push';
import { calendarNotify } from './calendar-notify';
import { gmailWatchRenew } from './gmail-watch-renew';
import { calendarChannelRenew } from './calendar-channel-renew';
import { digestSettings } from './digest-settings';
import { digestDispatch } from './digest-dispatch';
import { digestWorker } from './digest-worker';
import { effectsReconcile } from './effects-reconcile';
import { orderSync } from './order-sync';

// The hand-made functions (actions' functions come from shared/actions/index.ts). Each entry is
// one deployed function; build, dev host, manifest and OpenAPI read this list.
export const endpoints: readonly Endpoint[] = [
  integrationsStatus,
  oauthStart,
  oauthCallback,
  connections,
  merchantWebhook,
  spendingPolicy,
  chat,
  approvals,
  mcp,
  accessTokens,
  gmailPush,
  calendarNotify,
  gmailWatchRenew,
  calendarChannelRenew,
  digestSettings,
  digestDispatch,
  digestWorker,
  effectsReconcile,
  orderSync,
];
