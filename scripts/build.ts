import { fileURLToPath } from 'node:url';
import { formatBytes } from './lib/bundle';
import { CONSOLE_JS_BUDGET_BYTES } from './lib/console-build';
import { buildFunctions } from './lib/build-functions';

// npm run build → dist/<function>/{boot.js,index.js,index.js.map,index.js.cache(.json),lazy/,
// package.json}, dist/manifest.json, dist/openapi.json, dist/hosting/ (the console). Exits non-zero when a bundle breaks a
// budget (size, forbidden package) or cannot be loaded to make its code cache.

const root = fileURLToPath(new URL('..', import.meta.url));

const { bundles, distDir, console: site } = await buildFunctions(root);
const width = Math.max(...bundles.map((b) => b.name.length), 8);
console.log(`${'function'.padEnd(width)}  ${'index.js'.padStart(10)}  ${'lazy/'.padStart(10)}  ${'code cache'.padStart(10)}  status`);
for (const b of [...bundles].sort((a, b) => a.name.localeCompare(b.name))) {
  console.log(
    `${b.name.padEnd(width)}  ${formatBytes(b.bytes).padStart(10)}  ${formatBytes(b.lazyBytes).padStart(10)}  ${formatBytes(b.codeCacheBytes).padStart(10)}  ${b.problems.length ? `FAIL: ${b.problems.join('; ')}` : 'ok'}`,
  );
}
console.log(`\n${bundles.length} bundles, manifest.json and openapi.json in ${distDir}`);
console.log(
  `console (dist/hosting): own JS ${formatBytes(site.ownJsGzip)} gzip (budget ${formatBytes(CONSOLE_JS_BUDGET_BYTES)}), Firebase Auth SDK ${formatBytes(site.firebaseJsGzip)} gzip, CSS ${formatBytes(site.cssGzip)} gzip`,
);
if (site.ownJsGzip > CONSOLE_JS_BUDGET_BYTES) {
  console.error('Build failed: the console JavaScript is over its budget.');
  process.exitCode = 1;
}
if (bundles.some((b) => b.problems.length > 0)) {
  console.error('Build failed: a bundle breaks its budget.');
  process.exitCode = 1;
}
