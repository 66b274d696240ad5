import { describe, expect, it } from 'vitest';
import { actions } from '../../shared/actions';
import { toolHints } from '../../shared/actions/tool-hints';
import { remoteReferences } from '../../shared/actions/gmail/remote-references';
import { functionCatalog } from '../../functions/catalog';
import { buildOpenApiDocument } from '../../shared/http/openapi';

// Tool hints come from the action's effect in one place, and the OpenAPI document carries them.

describe('tool hints', () => {
  it('reads are read-only and idempotent; purchases are destructive; every action reaches a provider', () => {
    for (const a of actions) {
      const h = toolHints(a);
      expect(h.readOnlyHint, a.name).toBe(a.effect === 'read');
      expect(h.idempotentHint, a.name).toBe(a.effect === 'read');
      expect(h.destructiveHint, a.name).toBe(a.effect === 'purchase');
      expect(h.openWorldHint, a.name).toBe(true);
    }
  });

  it('each action operation in the OpenAPI document carries the same hints', () => {
    const doc = buildOpenApiDocument(functionCatalog(), { version: '1.0.0' }) as { paths: Record<string, { post?: Record<string, unknown> }> };
    for (const a of actions) expect(doc.paths[`/${a.functionName}`]?.post?.['x-tool-hints'], a.name).toEqual(toolHints(a));
  });
});

describe('remote content named in an email preview', () => {
  it('finds every remote address the HTML would load or link, however it is written', () => {
    const html = [
      '<p>Hi</p><img src="https://evil.example/p.gif?d=secret">',
      "<a href='//cdn.example/x'>x</a>",
      '<div style="background:url(http://bg.example/a.png)"></div>',
      '<img srcset="https://s.example/1x.png 1x, https://s.example/2x.png 2x">',
      '<img src="&#104;ttps://encoded.example/t">',
      '<a href="mailto:ana@example.com">mail</a><img src="cid:logo">',
    ].join('');
    expect(remoteReferences(html)).toEqual([
      '//cdn.example/x',
      'http://bg.example/a.png',
      'https://encoded.example/t',
      'https://evil.example/p.gif?d=secret',
      'https://s.example/1x.png',
      'https://s.example/2x.png',
    ]);
  });
});
