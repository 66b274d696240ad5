import type { Endpoint } from '../shared/http/endpoint';
import { integrationsStatus } from './integrations-status';

// The hand-made functions (actions' functions come from shared/actions/index.ts). Each entry is
// one deployed function; build, dev host, manifest and OpenAPI read this list.
export const endpoints: readonly Endpoint[] = [integrationsStatus];
