import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { orchestratorFor } from '../../shared/orchestrator/orchestrator';
import { createRuntime } from '../../shared/runtime/runtime';

// chat and approvals get a per-request copy of the runtime (its logger bound to the request);
// the model client and stores behind the orchestrator must still be built once per instance.

describe('orchestrator per instance', () => {
  const base = createRuntime({ config: loadConfig({ GOOGLE_CLOUD_PROJECT: 'demo-orchestrator', AUTH_MODE: 'dev' }), logSink: () => undefined });
  const perRequest = (id: string) => ({ ...base, log: base.log.child({ requestId: id }) });

  it('reuses the model client and stores across requests, with each request its own runtime', () => {
    const a = perRequest('a');
    const b = perRequest('b');
    const first = orchestratorFor(a);
    const second = orchestratorFor(b);
    expect(second.model).toBe(first.model);
    expect(second.conversations).toBe(first.conversations);
    expect(first.runtime).toBe(a);
    expect(second.runtime).toBe(b);
  });

  it('another instance gets its own', () => {
    const other = createRuntime({ config: loadConfig({ GOOGLE_CLOUD_PROJECT: 'demo-orchestrator', AUTH_MODE: 'dev' }), logSink: () => undefined });
    expect(orchestratorFor(other).model).not.toBe(orchestratorFor(perRequest('c')).model);
  });
});
