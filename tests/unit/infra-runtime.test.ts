import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog';
import { buildDeployManifest } from '../../scripts/lib/manifest';
import { loadConfig, MOUNTABLE_SECRETS, SECRET_NAMES } from '../../shared/config';
import { loadTerraform, stringLiterals, valuesOfKey, type Block, type TerraformModule } from '../support/terraform';

// infra/ against the runtime settings of issue 16: secrets mounted as files (latest, never the
// token encryption key), warm instances per function, and Gemini on Vertex AI with the Gemini-
// calling functions' own accounts. Parsed, not applied (providers cannot be fetched offline).

let tf: TerraformModule;
beforeAll(async () => {
  tf = await loadTerraform(join(import.meta.dirname, '..', '..', 'infra'));
});
const fn = (): Block => tf.resources.google_cloudfunctions2_function?.function ?? {};
const env = () => String(tf.locals.environment);

describe('infra: secrets mounted as files', () => {
  it('mounts each secret a function reads, except the token encryption key, at latest under SECRET_FILES_DIR', () => {
    const [volume] = valuesOfKey(fn(), 'secret_volumes') as Array<Array<{ for_each: string; content: Array<Record<string, unknown>> }>>;
    const dynamic = volume?.[0];
    expect(dynamic?.for_each).toBe('${[for s in each.value.secrets : s if contains(local.mountable_secrets, s)]}');
    const content = dynamic?.content?.[0] as { mount_path: string; secret: string; versions: Array<{ version: string; path: string }> };
    expect(content.mount_path).toBe('/etc/secrets/${secret_volumes.value}');
    expect(content.secret).toBe('${google_secret_manager_secret.secret[secret_volumes.value].secret_id}');
    expect(content.versions).toEqual([{ version: 'latest', path: 'value' }]);
    expect(env()).toMatch(/SECRET_FILES_DIR\s*=\s*"\/etc\/secrets"/);
    // shared/secret-files.ts reads <SECRET_FILES_DIR>/<name>/value for exactly these names.
    expect(String(tf.locals.mountable_secrets)).toBe('${[for s in local.secret_names : s if s != "token-encryption-key"]}');
    expect(SECRET_NAMES.filter((s) => s !== 'token-encryption-key')).toEqual([...MOUNTABLE_SECRETS]);
  });

  it('still grants secretAccessor on every secret a function reads (volumes and the API need it)', () => {
    expect(String(fn().depends_on)).toContain('google_secret_manager_secret_iam_member.function_reads');
  });
});

describe('infra: warm instances', () => {
  it('takes min instances per function from var.min_instances, default none', () => {
    const [service] = fn().service_config as Array<Record<string, unknown>>;
    expect(service?.min_instance_count).toBe('${lookup(var.min_instances, each.key, 0)}');
    expect(tf.variables.min_instances?.default).toEqual({});
    const example = readFileSync(join(import.meta.dirname, '..', '..', 'infra', 'terraform.tfvars.example'), 'utf8');
    expect(example).toMatch(/^min_instances = \{ chat = 1, approvals = 1 \}$/m);
  });
});

describe('infra: startup CPU boost', () => {
  // The Cloud Functions v2 resource has no boost field: cpu-boost.tf sets it on each function's
  // Cloud Run service after every deploy of that function.
  const boost = (): Block => tf.resources.terraform_data?.startup_cpu_boost ?? {};

  it('covers every function when var.startup_cpu_boost is on (the default), none when off', () => {
    expect(boost().for_each).toBe('${var.startup_cpu_boost ? local.functions : {}}');
    expect(tf.variables.startup_cpu_boost?.default).toBe(true);
    expect(tf.variables.startup_cpu_boost?.type).toBe('${bool}');
  });

  it('re-runs after each deploy of the function, which writes a revision without the boost', () => {
    const triggers = String(boost().triggers_replace);
    expect(triggers).toContain('google_cloudfunctions2_function.function[each.key].update_time');
  });

  it('turns the boost on for the service named like the function, in the project and region deployed to', () => {
    const provisioner = boost().provisioner as { 'local-exec'?: Array<{ command: string; environment: Record<string, string> }> };
    const step = provisioner['local-exec']?.[0];
    expect(step?.command).toMatch(/^gcloud run services update "\$SERVICE" --project "\$PROJECT" --region "\$REGION" --cpu-boost --quiet$/);
    expect(step?.environment).toEqual({ SERVICE: '${each.key}', PROJECT: '${var.project_id}', REGION: '${var.region}' });
    // The deploy account may update Cloud Run services, and the workflow puts gcloud on the PATH
    // before terraform applies.
    expect(readFileSync(join(import.meta.dirname, '..', '..', 'infra', 'bootstrap', 'main.tf'), 'utf8')).toContain('"roles/run.admin"');
    const deploy = readFileSync(join(import.meta.dirname, '..', '..', '.github', 'workflows', 'deploy.yml'), 'utf8');
    expect(deploy.indexOf('google-github-actions/setup-gcloud')).toBeGreaterThan(-1);
    expect(deploy.indexOf('google-github-actions/setup-gcloud')).toBeLessThan(deploy.indexOf('terraform -chdir=infra apply'));
  });
});

describe('infra: Gemini on Vertex AI', () => {
  it('grants roles/aiplatform.user to the Gemini-calling functions only when the backend is vertex', () => {
    const grant = tf.resources.google_project_iam_member?.function_vertex_ai ?? {};
    expect(grant.role).toBe('roles/aiplatform.user');
    expect(String(grant.for_each)).toMatch(/^\$\{var\.gemini_backend == "vertex" \?/);
    expect(String(grant.member)).toBe('serviceAccount:${google_service_account.function[each.key].email}');
    const wanted = tf.variables.vertex_ai_functions?.default as string[];
    expect(wanted).toEqual(expect.arrayContaining(['chat', 'approvals', 'digest-worker']));
    const names = buildDeployManifest(functionCatalog()).map((m) => m.name);
    for (const f of wanted) expect(names, f).toContain(f);
    expect(stringLiterals(tf.locals.apis)).toContain('aiplatform.googleapis.com');
  });

  it('passes the backend settings loadConfig reads', () => {
    for (const key of ['GEMINI_BACKEND', 'GEMINI_VERTEX_LOCATION', 'GEMINI_MODEL']) expect(env()).toMatch(new RegExp(`\\b${key}\\s*=\\s*var\\.`));
    expect(tf.variables.gemini_backend?.default).toBe('api-key');
    const vertex = loadConfig({ GOOGLE_CLOUD_PROJECT: 'p', GEMINI_BACKEND: 'vertex', GEMINI_VERTEX_LOCATION: 'global' });
    expect(vertex.gemini.vertex).toEqual({ project: 'p', location: 'global' });
    expect(loadConfig({ GOOGLE_CLOUD_PROJECT: 'p' }).gemini.vertex).toBeUndefined();
  });
});
