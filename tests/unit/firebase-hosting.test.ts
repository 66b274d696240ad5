import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog';
import { HOSTING_DIR } from '../../scripts/lib/console-site';
import { DEFAULT_REGION, hostingConfig } from '../../scripts/lib/firebase-hosting';
import { buildDeployManifest } from '../../scripts/lib/manifest';
import { loadTerraform } from '../support/terraform';

// firebase.json is committed but generated (npm run gen:hosting): this fails when a function was
// added, renamed or made 'service' without regenerating, so Hosting can never route to a
// function that does not exist or expose one that only Pub/Sub should call.

const root = join(import.meta.dirname, '..', '..');
const firebase = JSON.parse(readFileSync(join(root, 'firebase.json'), 'utf8')) as {
  firestore?: { rules?: string; indexes?: string };
  hosting?: {
    public: string;
    headers: Array<{ source: string; headers: Array<{ key: string; value: string }> }>;
    rewrites: Array<{ source: string; function: { functionId: string; region: string } }>;
  };
};
const manifest = buildDeployManifest(functionCatalog());

describe('firebase.json', () => {
  it('has the Hosting section generated from the current catalog (else run `npm run gen:hosting`)', () => {
    expect(firebase.hosting).toEqual(hostingConfig(manifest));
  });

  it('routes /api/<name> only to HTTPS functions that are not service-only', () => {
    const byName = new Map(manifest.map((m) => [m.name, m]));
    for (const r of firebase.hosting?.rewrites ?? []) {
      const fn = byName.get(r.function.functionId);
      expect(fn, r.source).toBeDefined();
      expect(fn?.access, r.source).not.toBe('service');
      // Its own path, or (an OAuth protected resource) its RFC 9728 metadata path.
      const own = r.source.startsWith(`/api/${r.function.functionId}`);
      const metadata = fn?.protectedResource === true && r.source === `/.well-known/oauth-protected-resource/api/${r.function.functionId}`;
      expect(own || metadata, r.source).toBe(true);
    }
    for (const m of manifest.filter((x) => x.trigger === 'http' && x.access !== 'service')) {
      expect(
        firebase.hosting?.rewrites.some((r) => r.source === `/api/${m.name}`),
        m.name,
      ).toBe(true);
    }
  });

  it('names the region infra deploys to', async () => {
    const tf = await loadTerraform(join(root, 'infra'));
    expect(tf.variables.region?.default).toBe(DEFAULT_REGION);
    for (const r of firebase.hosting?.rewrites ?? []) expect(r.function.region).toBe(DEFAULT_REGION);
  });

  it('still deploys the Firestore rules and indexes; Hosting publishes the folder the build writes', () => {
    expect(firebase.firestore).toEqual({ rules: 'firestore.rules', indexes: 'firestore.indexes.json' });
    for (const f of [firebase.firestore?.rules, firebase.firestore?.indexes]) expect(existsSync(join(root, String(f))), String(f)).toBe(true);
    expect(firebase.hosting?.public).toBe(HOSTING_DIR);
  });

  it('serves every file with the console’s strict headers', () => {
    const all = firebase.hosting?.headers.find((h) => h.source === '**')?.headers ?? [];
    const csp = all.find((h) => h.key === 'Content-Security-Policy')?.value ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'[^;]*;/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(all).toContainEqual({ key: 'X-Frame-Options', value: 'DENY' });
  });
});
