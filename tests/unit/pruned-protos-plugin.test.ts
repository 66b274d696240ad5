import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../scripts/lib/bundle';
import { runBundle } from '../support/bundle-probe';
import { repoTempDir } from '../support/repo-temp-dir';

// How the build hands descriptors to client files (scripts/lib/pruned-protos-plugin.ts), on a
// package laid out like a GAPIC one: each client file that looks up a service gets its own pruned
// module (one per set of names), anything else gets the file as it is.

const root = process.cwd();
const dir = repoTempDir('pruned-protos-plugin-test-', root);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIRESTORE_JSON = join(root, 'node_modules/@google-cloud/firestore-api/build/protos/protos.json');

const ODD_JSON = { nested: { odd: { nested: { Service: { methods: { Call: { requestType: 'Missing', responseType: 'Missing' } } } } } } };

function writeFiles(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

describe('pruned GAPIC descriptors in a bundle', () => {
  it('gives each client file that looks up a service its own pruned module, and every other importer the whole file', async () => {
    const pkg = 'node_modules/fake-gapic/build';
    mkdirSync(join(dir, pkg, 'protos'), { recursive: true });
    copyFileSync(FIRESTORE_JSON, join(dir, pkg, 'protos/protos.json'));
    const client = (service: string) =>
      `const jsonProtos = require("../../protos/protos.json");\nexports.protos = jsonProtos;\nexports.stub = (root) => root.lookupService('${service}');\n`;
    writeFiles({
      'node_modules/fake-gapic/package.json': '{ "name": "fake-gapic", "main": "build/helpers.js" }\n',
      [`${pkg}/src/v1/firestore_client.js`]: client('google.firestore.v1.Firestore'),
      [`${pkg}/src/v1/other_firestore_client.js`]: client('google.firestore.v1.Firestore'),
      [`${pkg}/src/v1/firestore_admin_client.js`]: client('google.firestore.admin.v1.FirestoreAdmin'),
      [`${pkg}/src/v1/bare_client.js`]: 'module.exports = require("../../protos/protos.json");\n',
      [`${pkg}/src/v1/unknown_client.js`]: client('google.example.v1.Nothing'),
      [`${pkg}/helpers.js`]: 'module.exports = require("./protos/protos.json");\n',
      // Descriptors protobufjs cannot resolve: pruning cannot be proven, so they stay as they are.
      'node_modules/odd-gapic/package.json': '{ "name": "odd-gapic" }\n',
      'node_modules/odd-gapic/build/protos/protos.json': JSON.stringify(ODD_JSON),
      'node_modules/odd-gapic/build/src/v1/odd_client.js': client('odd.Service'),
      'entry.js': [
        "const v1 = require('fake-gapic/build/src/v1/firestore_client.js');",
        "const twin = require('fake-gapic/build/src/v1/other_firestore_client.js');",
        "const admin = require('fake-gapic/build/src/v1/firestore_admin_client.js');",
        "const bare = require('fake-gapic/build/src/v1/bare_client.js');",
        "const unknown = require('fake-gapic/build/src/v1/unknown_client.js');",
        "const helper = require('fake-gapic/build/helpers.js');",
        "const odd = require('odd-gapic/build/src/v1/odd_client.js');",
        'const packages = (json) => Object.keys(json.nested.google.nested.firestore.nested).sort();',
        'console.log(JSON.stringify({',
        '  v1: packages(v1.protos), admin: packages(admin.protos), shared: v1.protos === twin.protos, ownAdmin: v1.protos !== admin.protos,',
        '  bare: JSON.stringify(bare), unknown: JSON.stringify(unknown.protos), helper: JSON.stringify(helper), odd: odd.protos,',
        '}));',
      ].join('\n'),
    });
    const out = join(dir, 'out');
    const result = await bundleFunction({ name: 'pruned-probe', entryFile: join(dir, 'entry.js'), outDir: out, frameworkVersion: '*' });
    expect(result.problems).toEqual([]);
    const printed = runBundle(out);
    const whole = JSON.stringify(JSON.parse(readFileSync(FIRESTORE_JSON, 'utf8')));
    expect(printed).toEqual({ v1: ['v1'], admin: ['admin'], shared: true, ownAdmin: true, bare: whole, unknown: whole, helper: whole, odd: ODD_JSON });
    // The whole file is bundled once, however many importers take it as it is; no pruned module
    // carries google.protobuf's descriptor types.
    expect(readFileSync(join(out, 'index.js'), 'utf8').split('FileDescriptorSet:').length - 1).toBe(1);
  });
});
