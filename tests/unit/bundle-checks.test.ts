import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleEntry } from '../support/bundle-probe';
import { repoTempDir } from '../support/repo-temp-dir';

// What the build guarantees about a bundle beyond its size: no deprecated Node builtin reaches
// production (its first use prints a warning to the function's log on every cold start).

const root = process.cwd();
const dir = repoTempDir('bundle-checks-test-', root);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bundle = (name: string, source: string) => bundleEntry(dir, name, source);

describe('bundle checks', () => {
  it('bundles twitter-text with the punycode package, so loading it prints no deprecation warning', async () => {
    const { outDir, result } = await bundle(
      'tweet-length',
      "import twitterText from 'twitter-text';\nexport const weighted = twitterText.parseTweet('Lesen bei https://bücher.de 🎉').weightedLength;\n",
    );
    expect(result.problems).toEqual([]);
    const run = spawnSync(process.execPath, ['-e', `process.stdout.write(String(require(${JSON.stringify(join(outDir, 'index.js'))}).weighted))`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(run.stderr).toBe('');
    // 10 + the IDN link (punycode-checked) counted as a 23-character t.co link + 1 + an emoji counted 2
    expect(Number(run.stdout)).toBe(36);
  });

  it('fails the build of a bundle that requires a deprecated builtin', async () => {
    const { result } = await bundle('uses-punycode', "import punycode from 'node:punycode';\nexport const ascii = punycode.toASCII('bücher.example');\n");
    expect(result.problems).toContain('requires the deprecated builtin "punycode" (alias it to its npm package)');
  });
});
