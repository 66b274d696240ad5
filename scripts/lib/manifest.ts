import type { FunctionEntry } from '../../functions/catalog';
import type { SecretName } from '../../shared/config';

// The deploy manifest infra (Terraform) consumes: one record per deployable function, with
// exactly the secrets that function may read (its service account gets accessor on those only).
// Pure, so tests check it without running esbuild.

export interface ManifestEntry {
  name: string;
  /** Directory holding index.js + package.json, relative to the repository root. */
  entry: string;
  runtime: 'nodejs22';
  trigger: 'http' | 'cloudevent';
  access: 'user' | 'public' | 'service';
  secrets: SecretName[];
  memoryMb: number;
  timeoutSec: number;
  methods: string[];
  kind: 'action' | 'endpoint';
  /** Serves OAuth Protected Resource Metadata (RFC 9728) under its own path. */
  protectedResource?: true;
  /** Actions only: drives approval (non-read ⇒ a human approves in chat) and retry policy. */
  effect?: 'read' | 'write' | 'purchase';
}

export const DIST_DIR = 'dist';

export function buildDeployManifest(catalog: readonly FunctionEntry[]): ManifestEntry[] {
  const seen = new Set<string>();
  return catalog.map((f) => {
    // Two functions with one name would overwrite each other's bundle and deployment.
    if (seen.has(f.name)) throw new Error(`Two functions are named "${f.name}".`);
    seen.add(f.name);
    return {
      name: f.name,
      entry: `${DIST_DIR}/${f.name}`,
      runtime: 'nodejs22',
      trigger: f.trigger,
      access: f.access,
      secrets: [...f.secrets].sort(),
      memoryMb: f.memoryMb,
      timeoutSec: f.timeoutSec,
      methods: [...f.methods],
      kind: f.kind,
      ...(f.action ? { effect: f.action.effect } : {}),
      ...(f.protectedResource ? { protectedResource: f.protectedResource } : {}),
    };
  });
}
