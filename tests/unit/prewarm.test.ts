import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { SecretName } from '../../shared/config';
import type { Runtime } from '../../shared/runtime';
import { prefetchSecrets } from '../../shared/prewarm';
import { entrySource } from '../../scripts/lib/entry-source';
import { functionCatalog } from '../../functions/catalog';

const tick = () => new Promise((r) => setImmediate(r));

describe('prefetchSecrets', () => {
  it('starts reading every secret a tick after loading, and a failed read is left for the first request', async () => {
    const asked: string[] = [];
    const runtime = {
      secrets: {
        get: async (name: SecretName) => {
          asked.push(name);
          if (name === 'youtube-api-key') throw new Error('Secret Manager is unavailable.');
          return { value: 'v', version: '1' };
        },
      },
    } as unknown as Runtime;
    prefetchSecrets(() => runtime, ['token-encryption-key', 'youtube-api-key']);
    expect(asked).toEqual([]); // nothing during the module load itself
    await tick();
    await tick();
    expect(asked).toEqual(['token-encryption-key', 'youtube-api-key']);
  });

  it('leaves a configuration error to the first request instead of throwing at load', async () => {
    let built = 0;
    prefetchSecrets(() => {
      built += 1;
      throw new Error('GOOGLE_CLOUD_PROJECT is not set');
    }, ['token-encryption-key']);
    await tick();
    expect(built).toBe(1);
  });
});

describe('generated entries', () => {
  const root = join(__dirname, '..', '..');
  const catalog = functionCatalog();
  const entry = (name: string) => {
    const fn = catalog.find((f) => f.name === name);
    if (!fn) throw new Error(`no function ${name}`);
    return entrySource(root, join(root, '.cache', 'entries', name, 'index.ts'), fn, { file: join(root, 'functions', `${name}.ts`), exportName: 'x' });
  };

  it('prefetch exactly the secrets the function declares', () => {
    const fn = catalog.find((f) => f.name === 'list-calendar-events');
    expect(fn?.secrets.length).toBeGreaterThan(0);
    expect(entry('list-calendar-events')).toContain(`prefetchSecrets(instanceRuntimeFromEnv, ${JSON.stringify(fn?.secrets)});`);
  });

  it('prefetch nothing for a function without secrets', () => {
    expect(catalog.find((f) => f.name === 'digest-dispatch')?.secrets).toEqual([]);
    expect(entry('digest-dispatch')).not.toContain('prefetchSecrets');
  });
});
