import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actions } from '../../shared/actions';
import { defineAction, modelGate } from '../../shared/actions/define-action';
import { toolHints } from '../../shared/actions/tool-hints';
import { actionTool, toolsFor } from '../../shared/mcp/mcp-tools';
import { checkHostAndOrigin } from '../../shared/mcp/host-check';
import { loadConfig } from '../../shared/config';

// MCP tools come from the registry with no per-action code: a new action is a new tool.

const newRead = defineAction({
  name: 'list_bookmarks',
  description: 'List the bookmarks the user saved.',
  input: z.object({ limit: z.number().int().min(1).max(10).default(5) }),
  output: z.object({ bookmarks: z.array(z.string()) }),
  provider: 'google',
  scopes: [],
  effect: 'read',
  run: async () => ({ bookmarks: [] }),
});
const newWrite = defineAction({ ...newRead, name: 'save_bookmark', description: 'Save a bookmark for the user.', effect: 'write' });

describe('tools derived from actions', () => {
  it('a new action becomes a tool: name, description, schemas and hints from its definition', () => {
    const tools = toolsFor('approvals', [newRead, newWrite] as never);
    expect(tools.map((t) => t.name)).toEqual(['list_bookmarks', 'save_bookmark', 'get_approval_result']);
    expect(tools[0]).toMatchObject({
      description: 'List the bookmarks the user saved.',
      inputSchema: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 10, default: 5 } } },
      outputSchema: { type: 'object', required: ['bookmarks'] },
      annotations: toolHints(newRead),
    });
    // A write that waits: its declared output is the pending approval, and it says so.
    expect(tools[1]?.outputSchema).toMatchObject({ properties: { status: { const: 'pending_approval' } } });
    expect(tools[1]?.description).toMatch(/pending approval/);
    expect(toolsFor('read', [newRead, newWrite] as never).map((t) => t.name)).toEqual(['list_bookmarks', 'get_approval_result']);
  });

  it('every registry action a model may call has an object output schema matching its gate', () => {
    for (const a of actions.filter((x) => modelGate(x) !== 'human_only')) {
      const t = actionTool(a);
      expect(t.outputSchema?.type, a.name).toBe('object');
      expect(JSON.stringify(t.outputSchema).includes('pending_approval'), a.name).toBe(modelGate(a) !== 'none');
    }
  });
});

describe('Host/Origin check', () => {
  const cfg = (env: Record<string, string> = {}) => loadConfig({ GOOGLE_CLOUD_PROJECT: 'p', ...env });
  const req = (headers: Record<string, string>) => ({ method: 'POST', headers });
  const refused = (c: ReturnType<typeof cfg>, h: Record<string, string>) => {
    try {
      checkHostAndOrigin(c, req(h));
      return false;
    } catch {
      return true;
    }
  };
  it.each([
    [{}, { host: '127.0.0.1:8080' }, false],
    [{}, { host: 'localhost:1', origin: 'http://localhost:3000' }, false],
    [{}, { host: 'evil.example.com' }, true],
    [{}, { host: '127.0.0.1:8080', origin: 'https://evil.example.com' }, true],
    [{}, { host: '127.0.0.1:8080', origin: 'null' }, true],
    [{}, {}, true],
    [{ PUBLIC_BASE_URL: 'https://app.example.com/api' }, { host: 'app.example.com', origin: 'https://app.example.com' }, false],
    [{ PUBLIC_BASE_URL: 'https://app.example.com/api' }, { host: 'app.example.com', origin: 'http://localhost:3000' }, true],
    [{ MCP_ALLOWED_HOSTS: 'mcp.example.org' }, { host: 'MCP.example.org:443' }, false],
    [{}, { host: 'mcp-abc-ew.a.run.app' }, true],
    [{ K_SERVICE: 'mcp' }, { host: 'mcp-abc-ew.a.run.app' }, false],
  ])('%j %j → refused %s', (env, headers, expected) => {
    expect(refused(cfg(env), headers)).toBe(expected);
  });
});
