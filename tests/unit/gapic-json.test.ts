import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inlineGapicJson } from '../../scripts/lib/gapic-json-plugin';
import { bundleEntry, runBundle } from '../support/bundle-probe';
import { repoTempDir } from '../support/repo-temp-dir';

// @google-cloud/tasks reads its JSON descriptors beside its own files at import time; bundled,
// that read failed (import.meta.url is empty in a CommonJS bundle). The build inlines them.

const root = process.cwd();
const dir = repoTempDir('gapic-json-test-', root);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GAPIC JSON inlined into bundles', () => {
  it('loads the Cloud Tasks client from a bundle, lazily imported as the app does', async () => {
    const { outDir, result } = await bundleEntry(
      dir,
      'tasks-probe',
      [
        'void (async () => {',
        "  const { CloudTasksClient } = await import('@google-cloud/tasks');",
        "  const client = new CloudTasksClient({ projectId: 'p', universeDomain: 'googleapis.com', fallback: 'rest' });",
        "  const name = client.taskPath('p', 'europe-west1', 'q', 't');",
        '  const config = typeof client.createTask;',
        '  console.log(JSON.stringify({ name, config }));',
        '})();',
      ].join('\n'),
    );
    expect(result.problems).toEqual([]);
    expect(runBundle(outDir)).toEqual({ name: 'projects/p/locations/europe-west1/queues/q/tasks/t', config: 'function' });
  });

  it('rewrites every computed read of both builds (a release that changes them fails here)', () => {
    const require = createRequire(join(root, 'package.json'));
    const pkg = join(require.resolve('@google-cloud/tasks'), '..', '..', '..', '..');
    for (const file of ['build/esm/src/v2/cloud_tasks_client.js', 'build/cjs/src/v2/cloud_tasks_client.cjs']) {
      const inlined = inlineGapicJson(readFileSync(join(pkg, file), 'utf8'));
      expect(inlined, file).toBeDefined();
      expect(inlined).not.toMatch(/getJSON\)?\(/);
      expect(inlined).not.toContain('import.meta.url');
      expect(inlined).toContain('require("./cloud_tasks_client_config.json")');
      expect(inlined).toContain('require("./../../../protos/protos.json")');
    }
  });
});
