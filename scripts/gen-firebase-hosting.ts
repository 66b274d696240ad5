import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { functionCatalog } from '../functions/catalog';
import { DEFAULT_REGION, hostingConfig, withHosting } from './lib/firebase-hosting';
import { buildDeployManifest } from './lib/manifest';

// npm run gen:hosting [-- --region europe-west1] [-- --check]
// Rewrites firebase.json's `hosting` section from the function catalog. --check changes nothing
// and exits 1 when the committed file is stale (CI can run it; the unit test does the same).

const { values } = parseArgs({ options: { region: { type: 'string', default: DEFAULT_REGION }, check: { type: 'boolean', default: false } } });
const file = fileURLToPath(new URL('../firebase.json', import.meta.url));
const current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const next = withHosting(current, hostingConfig(buildDeployManifest(functionCatalog()), values.region));
const text = `${JSON.stringify(next, null, 2)}\n`;

if (values.check) {
  if (JSON.stringify(current) !== JSON.stringify(next)) {
    console.error('firebase.json is stale: run `npm run gen:hosting`.');
    process.exitCode = 1;
  } else console.log('firebase.json hosting rewrites are up to date.');
} else {
  writeFileSync(file, text);
  const rewrites = (next.hosting as { rewrites: unknown[] }).rewrites.length;
  console.log(`firebase.json: ${rewrites} rewrites under /api for region ${values.region}.`);
}
