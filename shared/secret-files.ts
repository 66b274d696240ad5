import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MOUNTABLE_SECRETS, type SecretName } from './config';
import { AppError } from './errors';

// Secrets mounted as files by the platform: infra/functions.tf declares one Cloud Run secret
// volume per secret a function reads, version "latest", at <SECRET_FILES_DIR>/<name>/value.
// Cloud Run resolves "latest" when the file is read, so a rotated secret shows up at the next
// read (within secrets.ts's cache TTL) without a redeploy.
// https://cloud.google.com/run/docs/configuring/services/secrets#mounting-secrets

/** The mounted value, or undefined when it is not mounted here (the caller falls back to the API). */
export async function readMountedSecret(dir: string | undefined, name: SecretName): Promise<string | undefined> {
  if (!dir || !MOUNTABLE_SECRETS.includes(name)) return undefined;
  try {
    return await readFile(join(dir, name, 'value'), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new AppError('internal', `The mounted secret "${name}" could not be read.`, { cause: e });
  }
}
