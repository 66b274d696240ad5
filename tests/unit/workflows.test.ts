import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The workflows' security-relevant properties, checked as text (no YAML dependency needed for
// these few facts): CI runs exactly .ci/run, deploy authenticates by Workload Identity Federation
// only, and nothing deploys before the tests pass.

const root = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

describe('GitHub workflows', () => {
  it('CI runs the same command as .ci/run on Node 22', () => {
    const ci = read('.github/workflows/ci.yml');
    expect(ci).toMatch(/run: bash \.ci\/run\s*$/m);
    expect(ci).toMatch(/node-version: 22\b/);
  });

  it('deploy uses Workload Identity Federation and no long-lived key', () => {
    const deploy = read('.github/workflows/deploy.yml');
    expect(deploy).toMatch(/^\s*id-token: write/m);
    expect(deploy).toMatch(/uses: google-github-actions\/auth@v\d+[\s\S]*workload_identity_provider:[\s\S]*service_account:/);
    expect(deploy).not.toMatch(/credentials_json|GOOGLE_CREDENTIALS|service_account_key|secrets\.GCP/i);
    expect(deploy).toMatch(/node-version: 22\b/);
  });

  it('deploy tests, builds, then authenticates, applies infra and deploys Firebase, in that order', () => {
    const deploy = read('.github/workflows/deploy.yml');
    const order = [
      'run: npm ci',
      'run: npm test',
      'run: npm run build',
      'uses: google-github-actions/auth',
      'terraform -chdir=infra init',
      'terraform -chdir=infra plan',
      'terraform -chdir=infra apply',
      'firebase-tools',
    ];
    const positions = order.map((s) => deploy.indexOf(s));
    expect(
      positions.every((p) => p >= 0),
      JSON.stringify(Object.fromEntries(order.map((s, i) => [s, positions[i]]))),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
