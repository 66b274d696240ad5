import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The machine set-up (.ci/setup) must provide everything the suite launches, and both CI paths
// must go through it. What the suite launches is read from the code, not from a list kept here:
// the emulator launchers in scripts/lib (each names its apt package and the file it runs) that
// tests or their global setup start, and any browser a test drives.

const root = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const setup = read('.ci/setup');

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    return statSync(join(root, rel)).isDirectory() ? filesUnder(rel) : /\.(ts|mjs|sh)$/.test(name) ? [rel] : [];
  });
}

/** Launchers of Java emulators: the function they export, their apt package and their jar location. */
function emulatorLaunchers() {
  return filesUnder('scripts/lib')
    .map((file) => ({ file, text: read(file) }))
    .filter(({ text }) => /startJavaEmulator\(/.test(text) && !/export async function startJavaEmulator/.test(text))
    .map(({ file, text }) => ({
      file,
      start: /export async function (start\w+Emulator)\(/.exec(text)?.[1],
      aptPackage: /apt-get install (google-cloud-cli-[\w-]+)/.exec(text)?.[1],
      location: /const GCLOUD_(?:JAR|DIR) = '([^']+)'/.exec(text)?.[1],
    }));
}

const testSources = () => filesUnder('tests').map((f) => read(f));

describe('.ci/setup provides what the suite launches', () => {
  it('finds the emulator launchers the tests start (so the checks below are not vacuous)', () => {
    const launched = emulatorLaunchers().filter((l) => l.start && testSources().some((s) => s.includes(l.start as string)));
    expect(launched.map((l) => l.start).sort()).toEqual(['startFirestoreEmulator', 'startPubSubEmulator']);
  });

  it('installs each launched emulator from its apt package, where its launcher looks for it', () => {
    for (const l of emulatorLaunchers()) {
      expect(l.aptPackage, `${l.file} names its apt package`).toBeDefined();
      expect(l.location, `${l.file} names where the package puts its jar`).toBeDefined();
      expect(setup, `${l.aptPackage} installed by .ci/setup`).toMatch(new RegExp(`_sf_missing\\+=\\(${l.aptPackage}\\)`));
      expect(setup, `${l.location} checked by .ci/setup`).toContain(l.location as string);
    }
  });

  it('provides /usr/bin/chromium, the browser the console tests drive, and every browser a test names', () => {
    expect(setup).toMatch(/if \[ ! -x \/usr\/bin\/chromium \]/);
    expect(setup).toMatch(/_sf_apt_install chromium\b/);
    const browsers = new Set(testSources().flatMap((s) => [...s.matchAll(/['"`](\/usr\/bin\/[\w-]*(?:chrom|firefox)[\w-]*)['"`]/g)].map((m) => m[1])));
    for (const b of browsers) expect(b).toBe('/usr/bin/chromium');
  });

  it('checks Java and puts Node 22 first', () => {
    expect(setup).toContain('. "$_sf_here/scripts/ensure-node.sh"');
    expect(setup).toMatch(/Java 17\+ is required[^\n]*apt-get install -y openjdk-17-jre-headless/);
  });

  it('is what every path to npm test runs: .ci/run sources it, each workflow runs it before the suite and installs nothing itself', () => {
    expect(read('.ci/run')).toMatch(/^\. \.ci\/setup$/m);
    const workflows = readdirSync(join(root, '.github/workflows')).map((f) => `.github/workflows/${f}`);
    const testing = workflows.filter((w) => /run: (npm test|bash \.ci\/run)\b/.test(read(w)));
    expect(testing).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/deploy.yml']));
    for (const w of testing) {
      const steps = read(w)
        .split('\n')
        .filter((line) => !line.trim().startsWith('#'))
        .join('\n');
      const setup = steps.search(/run: bash \.ci\/(setup|run)\b/);
      expect(setup, `${w} runs .ci/setup or .ci/run`).toBeGreaterThanOrEqual(0);
      const npmTest = steps.indexOf('run: npm test');
      if (npmTest >= 0) expect(setup, `${w}: .ci/setup before npm test`).toBeLessThan(npmTest);
      // What the suite needs comes from .ci/setup alone; after the suite a deploy may set up its
      // own tools (gcloud for infra/cpu-boost.tf), which no test relies on.
      const beforeSuite = npmTest >= 0 ? steps.slice(0, npmTest) : steps;
      expect(beforeSuite, w).not.toMatch(/setup-gcloud|install_components|apt-get|FIRESTORE_EMULATOR_JAR|PUBSUB_EMULATOR_JAR|chromium/i);
    }
  });
});
