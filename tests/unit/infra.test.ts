import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog';
import { buildDeployManifest, type ManifestEntry } from '../../scripts/lib/manifest';
import { SECRET_NAMES } from '../../shared/config';
import { applyForFilter, loadTerraform, stringLiterals, terraformFmtCheck, valuesOfKey, type Block, type TerraformModule } from '../support/terraform';

// infra/ against the code: the Terraform is parsed (not applied; providers cannot be fetched
// offline) and checked against the deploy manifest built in-process from the same catalog the
// build uses. A new function, secret or TTL collection that infra would mishandle fails here.

const root = join(import.meta.dirname, '..', '..');
const infraDir = join(root, 'infra');
const manifest: ManifestEntry[] = buildDeployManifest(functionCatalog());
const names = (xs: Array<{ name: string }>) => xs.map((x) => x.name).sort();

let tf: TerraformModule;
let bootstrap: TerraformModule;
beforeAll(async () => {
  tf = await loadTerraform(infraDir);
  bootstrap = await loadTerraform(join(infraDir, 'bootstrap'));
});

const resource = (type: string, name: string): Block => {
  const r = tf.resources[type]?.[name];
  if (!r) throw new Error(`infra declares no ${type}.${name}`);
  return r;
};
const variableDefault = (name: string) => tf.variables[name]?.default;

describe('infra: syntax and pinning', () => {
  it('is formatted (terraform fmt -check; skipped when terraform is not installed)', ({ skip }) => {
    const r = terraformFmtCheck(infraDir);
    if (!r) return skip('terraform is not on PATH');
    expect(r.output.trim(), 'files needing `terraform fmt`').toBe('');
    expect(r.ok).toBe(true);
  });

  it('pins the google and google-beta providers to one major', () => {
    const providers = tf.terraform.flatMap((t) => (t.required_providers as Block[] | undefined) ?? [])[0] as Record<
      string,
      { source: string; version: string }
    >;
    for (const p of ['google', 'google-beta', 'archive']) expect(providers[p]?.version, p).toMatch(/^~> \d+\.\d+$/);
    expect(providers.google?.version).toBe(providers['google-beta']?.version);
  });
});

describe('infra: functions come from the manifest', () => {
  it('generates one function per manifest entry with for_each over the manifest file', () => {
    const fn = resource('google_cloudfunctions2_function', 'function');
    expect(fn.for_each).toBe('${local.functions}');
    expect(tf.locals.functions).toMatch(/^\$\{\{ for f in jsondecode\(file\(local\.manifest_file\)\) : f\.name => f \}\}$/);
    expect(tf.locals.manifest_file).toContain('var.manifest_path');
    expect(variableDefault('manifest_path')).toBe('../dist/manifest.json');
  });

  it('takes runtime, memory, timeout and entry point from the entry, and only nodejs22', () => {
    const fn = resource('google_cloudfunctions2_function', 'function');
    const build = (fn.build_config as Block[])[0] ?? {};
    const service = (fn.service_config as Block[])[0] ?? {};
    expect(build).toMatchObject({ runtime: '${each.value.runtime}', entry_point: '${each.key}' });
    expect(service).toMatchObject({ available_memory: '${each.value.memoryMb}M', timeout_seconds: '${each.value.timeoutSec}' });
    expect(JSON.stringify(fn.lifecycle)).toContain('each.value.runtime == \\"nodejs22\\"');
    for (const m of manifest) expect(m.runtime, m.name).toBe('nodejs22');
  });

  it('zips each function from its own dist/<name> bundle', () => {
    const archive = tf.files['source.tf'] ?? '';
    expect(archive).toMatch(/source_dir\s+=\s+"\$\{local\.source_root\}\/\$\{each\.value\.entry\}"/);
    for (const m of manifest) expect(m.entry).toBe(`dist/${m.name}`);
  });

  it('gives every function the plain configuration it needs, and production auth', () => {
    const env = String(tf.locals.environment);
    for (const key of ['GOOGLE_CLOUD_PROJECT', 'PUBLIC_BASE_URL', 'OAUTH_RETURN_TO_ALLOWLIST', 'GOOGLE_OAUTH_CLIENT_ID', 'X_CLIENT_ID', 'CARTPILOT_API_URL'])
      expect(env, key).toMatch(new RegExp(`\\b${key}\\s*=`));
    expect(env).toMatch(/AUTH_MODE\s*=\s*"firebase"/);
    expect(env).not.toMatch(/AUTH_MODE\s*=\s*"dev"/);
    expect(resource('google_cloudfunctions2_function', 'function').service_config).toMatchObject([{ environment_variables: '${local.environment}' }]);
  });

  it('gives each manifest function a caller: every cloudevent function a topic, every service function a route', () => {
    const eventRoutes = (variableDefault('event_trigger_routes') ?? {}) as Record<string, string>;
    const pushRoutes = (variableDefault('pubsub_push_routes') ?? {}) as Record<string, string>;
    const jobs = Object.values((variableDefault('scheduler_jobs') ?? {}) as Record<string, { function: string }>).map((j) => j.function);
    const topics = Object.keys((tf.locals.topics ?? {}) as object);
    for (const topic of [...Object.values(eventRoutes), ...Object.values(pushRoutes)]) expect(topics, topic).toContain(topic);
    for (const m of manifest.filter((x) => x.trigger === 'cloudevent'))
      expect(Object.keys(eventRoutes), `${m.name} has no event_trigger_routes topic`).toContain(m.name);
    const queued = Object.values((variableDefault('task_queues') ?? {}) as Record<string, { function: string }>).map((q) => q.function);
    const called = new Set([...Object.keys(eventRoutes), ...Object.keys(pushRoutes), ...jobs, ...queued]);
    for (const m of manifest.filter((x) => x.access === 'service'))
      expect(called.has(m.name), `service function ${m.name} has no push, event, scheduler or task-queue route in infra/variables.tf`).toBe(true);
  });

  it('creates subscriptions and scheduler jobs only for functions present in the manifest', () => {
    for (const local of ['push_routes', 'event_routes', 'scheduled_jobs', 'publishers', 'task_queues', 'task_enqueuers'])
      expect(String(tf.locals[local]), local).toContain('contains(keys(local.functions)');
    expect(resource('google_pubsub_subscription', 'push').for_each).toBe('${local.push_routes}');
    expect(resource('google_cloud_scheduler_job', 'job').for_each).toBe('${local.scheduled_jobs}');
  });

  it('sends OIDC tokens of the invoker account, for the audience the functions check', () => {
    const push = resource('google_pubsub_subscription', 'push');
    const job = resource('google_cloud_scheduler_job', 'job');
    for (const r of [push, job]) {
      const [oidc] = valuesOfKey(r, 'oidc_token') as Array<Array<{ service_account_email: string; audience: string }>>;
      expect(oidc?.[0]?.service_account_email).toBe('${google_service_account.invoker.email}');
      // shared/triggers/service-auth.ts: audience = PUSH_AUDIENCE_BASE_URL + "/" + function name.
      expect(oidc?.[0]?.audience).toMatch(
        /^\$\{local\.functions_base_url\}\/\$\{google_cloudfunctions2_function\.function\[each\.(key|value\.function)\]\.name\}$/,
      );
    }
    expect(String(tf.locals.environment)).toMatch(/PUSH_AUDIENCE_BASE_URL\s*=\s*local\.functions_base_url/);
    expect(String(tf.locals.environment)).toMatch(/PUSH_SERVICE_ACCOUNT_EMAIL\s*=\s*google_service_account\.invoker\.email/);
  });

  it('sets only environment variables that shared/config.ts reads', () => {
    const configSource = readFileSync(join(root, 'shared', 'config.ts'), 'utf8');
    const keys = [...String(tf.locals.environment).matchAll(/^\s*([A-Z][A-Z0-9_]+)\s*=/gm)].map((m) => m[1] ?? '');
    expect(keys.length).toBeGreaterThan(5);
    // NODE_OPTIONS is Node's own.
    for (const k of keys.filter((x) => x !== 'NODE_OPTIONS')) expect(configSource, `${k} is set by infra but never read`).toMatch(new RegExp(`\\b${k}\\b`));
  });
});

describe('infra: secrets', () => {
  const declared = () => new Set(stringLiterals(tf.locals.secret_names));

  it('declares exactly the secrets of shared/config.ts, covering every manifest entry', () => {
    expect([...declared()].sort()).toEqual([...SECRET_NAMES].sort());
    for (const m of manifest) for (const s of m.secrets) expect(declared().has(s), `${m.name} reads ${s}`).toBe(true);
  });

  it('grants secretAccessor per (function, secret) pair from the manifest, never project-wide', () => {
    const binding = resource('google_secret_manager_secret_iam_member', 'function_reads');
    expect(binding).toMatchObject({ for_each: '${local.function_secrets}', role: 'roles/secretmanager.secretAccessor' });
    expect(String(binding.member)).toContain('google_service_account.function[each.value.function]');
    expect(String(tf.locals.function_secrets)).toMatch(/for name, f in local\.functions : \[for s in f\.secrets/);
    const projectRoles = Object.values(tf.resources.google_project_iam_member ?? {}).map((b) => String(b.role));
    expect(projectRoles.filter((r) => /secretmanager|owner|editor/.test(r))).toEqual([]);
    expect(resource('google_service_account', 'function').for_each).toBe('${local.functions}');
  });

  it('never puts a secret value in Terraform', () => {
    for (const mod of [tf, bootstrap]) {
      expect(mod.resources.google_secret_manager_secret_version).toBeUndefined();
      for (const [file, text] of Object.entries(mod.files)) expect(text, file).not.toMatch(/secret_data|payload\s*=/);
    }
    const tfFiles = readdirSync(infraDir).filter((f) => /\.tfvars(\.example)?$/.test(f));
    for (const f of tfFiles) expect(readFileSync(join(infraDir, f), 'utf8'), f).not.toMatch(/secret\s*=|api_key\s*=|encryption/i);
  });
});

describe('infra: runtime accounts', () => {
  it('gives every function its own service account with a valid, unique id', () => {
    const sa = resource('google_service_account', 'function');
    expect(sa).toMatchObject({
      for_each: '${local.functions}',
      account_id: '${format("fn-%s-%s", trimsuffix(substr(each.key, 0, 18), "-"), substr(sha1(each.key), 0, 8))}',
    });
    // The same computation in TypeScript: ids are 6-30 chars, [a-z][-a-z0-9]*[a-z0-9].
    const idOf = (name: string) => `fn-${name.slice(0, 18).replace(/-$/, '')}-${createHash('sha1').update(name).digest('hex').slice(0, 8)}`;
    const ids = manifest.map((m) => idOf(m.name));
    for (const id of ids) expect(id).toMatch(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('infra: who may invoke', () => {
  it('grants allUsers only through a filter that excludes every service function', () => {
    const grants = Object.entries(tf.resources).flatMap(([type, byName]) =>
      Object.entries(byName)
        .filter(([, b]) => JSON.stringify(b).includes('allUsers'))
        .map(([n, b]) => ({ id: `${type}.${n}`, block: b })),
    );
    expect(grants.map((g) => g.id)).toEqual(['google_cloud_run_v2_service_iam_member.public']);
    expect(grants[0]?.block.for_each).toBe('${local.public_functions}');
    // Every access class, whether or not today's manifest has a function of each.
    const synthetic = (['user', 'public', 'service'] as const).map((access) => ({ name: access, access }));
    expect(names(applyForFilter(tf.locals.public_functions, 'local.functions', synthetic))).toEqual(['public', 'user']);
    const publicOnes = applyForFilter(tf.locals.public_functions, 'local.functions', manifest);
    expect(publicOnes.filter((m) => m.access === 'service')).toEqual([]);
    // 'user' and 'public' functions authenticate in code, and their callers carry no Google identity.
    expect(names(publicOnes)).toEqual(names(manifest.filter((m) => m.access !== 'service')));
  });

  it('lets the invoker account call only the functions it triggers', () => {
    const invoker = resource('google_cloud_run_v2_service_iam_member', 'invoker');
    expect(invoker).toMatchObject({ for_each: '${local.invoked_by_service}', role: 'roles/run.invoker' });
    expect(String(tf.locals.invoked_by_service)).not.toContain('local.functions');
  });
});

describe('infra: Firestore', () => {
  const indexes = JSON.parse(readFileSync(join(root, 'firestore.indexes.json'), 'utf8')) as {
    fieldOverrides?: Array<{ collectionGroup: string; fieldPath: string; ttl?: boolean }>;
  };
  const ttlCollections = (indexes.fieldOverrides ?? []).filter((o) => o.ttl && o.fieldPath === 'expireAt').map((o) => o.collectionGroup);

  it('creates a native-mode database and takes TTL policies from firestore.indexes.json', () => {
    expect(resource('google_firestore_database', 'main')).toMatchObject({ type: 'FIRESTORE_NATIVE', name: '(default)' });
    expect(resource('google_firestore_field', 'ttl')).toMatchObject({ for_each: '${local.ttl_fields}', ttl_config: [{}] });
    expect(String(tf.locals.ttl_fields)).toMatch(/local\.firestore_indexes, "fieldOverrides"[\s\S]*lookup\(o, "ttl", false\)/);
    expect(String(tf.locals.firestore_indexes)).toContain('var.firestore_indexes_path');
    expect(variableDefault('firestore_indexes_path')).toBe('../firestore.indexes.json');
    expect(resource('google_firestore_index', 'composite').for_each).toBe('${local.composite_indexes}');
  });

  it('has a TTL policy for every collection the code stamps with expireAt', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const sources = walk(join(root, 'shared')).map((file) => readFileSync(file, 'utf8').replace(/\n\s*\./g, '.')); // method chains on one line, however formatted
    const innermost = (line: string) => [...line.matchAll(/\.collection\('([A-Za-z0-9_]+)'\)/g)].map((m) => m[1]).at(-1);
    // Path helpers such as `ledger: (db, uid, day) => ….collection('spending').doc(day)`.
    const helpers = new Map<string, string>();
    for (const line of sources.flatMap((t) => t.split('\n'))) {
      const key = /^\s*(\w+): \([^)]*\) =>/.exec(line)?.[1];
      const col = innermost(line);
      if (key && col) helpers.set(key, col);
    }
    // Heuristic, by design simple: in a file that mentions expireAt, the innermost collection of
    // each document path it builds, plus path helpers called on a line that sets expireAt.
    const stamped = new Set<string>();
    for (const text of sources.filter((t) => t.includes('expireAt'))) {
      for (const line of text.split('\n')) {
        const col = innermost(line);
        if (col) stamped.add(col);
        if (line.includes('expireAt')) for (const m of line.matchAll(/\b\w+Paths\.(\w+)\(/g)) stamped.add(helpers.get(m[1] ?? '') ?? '');
      }
    }
    stamped.delete('');
    expect(stamped.size).toBeGreaterThan(0);
    for (const c of stamped) expect(ttlCollections, `collection ${c} writes expireAt but firestore.indexes.json has no TTL for it`).toContain(c);
  });
});

describe('infra: bootstrap (Workload Identity Federation)', () => {
  it('restricts the GitHub provider to one repository and creates no key', () => {
    const provider = bootstrap.resources.google_iam_workload_identity_pool_provider?.github;
    expect(String(provider?.attribute_condition)).toContain('assertion.repository ==');
    expect(bootstrap.resources.google_service_account_key).toBeUndefined();
    expect(tf.resources.google_service_account_key).toBeUndefined();
  });
});
