import type { z } from 'zod';
import type { ChatBody } from '../../../functions/chat';
import type { DecisionBody, ListQuery } from '../../../functions/approvals';
import type { DeleteQuery, PatchBody } from '../../../functions/connections';
import type { cancelOrder } from '../../../shared/actions/cartpilot/cancel-order';
import type { getOrderStatus } from '../../../shared/actions/cartpilot/get-order-status';
import type { listOrders } from '../../../shared/actions/cartpilot/list-orders';
import type { ConnectionView, DisconnectResult } from '../../../shared/oauth/manage-connections';
import type { SpendingPolicy } from '../../../shared/commerce/spending-policy';
import type { SpendingStore } from '../../../shared/commerce/spending-store';
import type { readSettings, SettingsInput } from '../../../shared/digests/settings-api';
import type { ConversationSummary, ConversationTranscript } from '../../../shared/orchestrator/conversation-views';
import type { ApprovalView, ChatResult, OrchestratorEvent, ToolResponse } from '../../../shared/orchestrator/types';
import type { IntegrationsStatus } from '../../../shared/status/integrations-status';

// The console's API vocabulary, derived (type-only: nothing here reaches the bundle) from the
// backend's own zod schemas and the types its handlers return — the same sources the OpenAPI
// document is built from. Nothing is copied by hand, so a changed schema breaks this build.

type ActionIo<A extends { input: z.ZodType; output: z.ZodType }> = { input: z.input<A['input']>; output: z.output<A['output']> };

export type { ApprovalView, ChatResult, ConnectionView, ConversationSummary, ConversationTranscript, OrchestratorEvent, ToolResponse };
export type Preview = ApprovalView['preview'];
export type ProviderStatus = IntegrationsStatus['providers'][keyof IntegrationsStatus['providers']];
export type Order = z.output<(typeof getOrderStatus)['output']>;
export type DigestState = Awaited<ReturnType<typeof readSettings>>;
export type SpendingState = { policy: SpendingPolicy; today: Awaited<ReturnType<SpendingStore['ledger']>> };

/** Every call the console makes: function name → method → request and response. */
export interface Api {
  'integrations-status': { GET: { query: undefined; body: undefined; data: IntegrationsStatus } };
  connections: {
    GET: { query: undefined; body: undefined; data: { connections: ConnectionView[] } };
    PATCH: { query: undefined; body: z.input<typeof PatchBody>; data: { connection: ConnectionView } };
    DELETE: { query: z.input<typeof DeleteQuery>; body: undefined; data: DisconnectResult };
  };
  'oauth-start': {
    GET: { query: { provider: string; mode: 'json'; return_to: string; account?: string }; body: undefined; data: { url: string; expires_at: string } };
  };
  chat: {
    GET: { query: undefined; body: undefined; data: { conversations: ConversationSummary[] } | { conversation: ConversationTranscript } };
    POST: { query: undefined; body: z.input<typeof ChatBody>; data: ChatResult & { approval?: ApprovalView } };
  };
  approvals: {
    GET: { query: z.input<typeof ListQuery>; body: undefined; data: { approvals: ApprovalView[] } | { approval: ApprovalView; result?: ToolResponse } };
    POST: { query: undefined; body: z.input<typeof DecisionBody>; data: ChatResult & { decided: ApprovalView; result: ToolResponse } };
  };
  'list-orders': { POST: { query: undefined; body: ActionIo<typeof listOrders>['input']; data: ActionIo<typeof listOrders>['output'] } };
  'get-order-status': { POST: { query: undefined; body: ActionIo<typeof getOrderStatus>['input']; data: Order } };
  'cancel-order': { POST: { query: undefined; body: ActionIo<typeof cancelOrder>['input']; data: Order } };
  'digest-settings': {
    GET: { query: undefined; body: undefined; data: DigestState };
    PUT: { query: undefined; body: z.input<typeof SettingsInput>; data: DigestState };
  };
  'spending-policy': {
    GET: { query: undefined; body: undefined; data: SpendingState };
    PUT: { query: undefined; body: SpendingPolicy; data: SpendingState };
  };
}

export type FunctionName = keyof Api;
export type MethodOf<F extends FunctionName> = keyof Api[F] & string;
type Op<F extends FunctionName, M extends MethodOf<F>> = Api[F][M] extends { query: infer Q; body: infer B; data: infer D }
  ? { query: Q; body: B; data: D }
  : never;
export type QueryOf<F extends FunctionName, M extends MethodOf<F>> = Op<F, M>['query'];
export type BodyOf<F extends FunctionName, M extends MethodOf<F>> = Op<F, M>['body'];
export type DataOf<F extends FunctionName, M extends MethodOf<F>> = Op<F, M>['data'];
