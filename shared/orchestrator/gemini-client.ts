import type { GoogleGenAI } from '@google/genai';
import type { Config } from '../config';
import { AppError } from '../errors';
import { registerSecretValue } from '../log';
import type { VertexAuthClient } from '../runtime/context';
import type { SecretSource } from '../secrets';

// The @google/genai client for the configured backend (loadConfig: GEMINI_BACKEND):
// - the Gemini API with the gemini-api-key secret (x-goog-api-key), API version v1beta;
// - Vertex AI with the function's own service account (Authorization: Bearer, from Application
//   Default Credentials, or the auth client the runtime was given), in GEMINI_VERTEX_PROJECT and
//   GEMINI_VERTEX_LOCATION, API version v1: no key to hold or rotate.
// API versions are pinned: the SDK's defaults differ between majors, the wire formats do not.
// Imported on first use: functions that never talk to Gemini do not load the SDK.

export interface GeminiClientDeps {
  config: Config;
  secrets: SecretSource;
  /** Vertex AI only: credentials to use instead of Application Default Credentials. */
  googleAuth?: VertexAuthClient;
}

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

export async function openGeminiClient(deps: GeminiClientDeps): Promise<GoogleGenAI> {
  const { baseUrl, vertex } = deps.config.gemini;
  const { GoogleGenAI } = await import('@google/genai');
  if (vertex) {
    return new GoogleGenAI({
      vertexai: true,
      project: vertex.project,
      location: vertex.location,
      httpOptions: { apiVersion: 'v1', ...(baseUrl ? { baseUrl } : {}) },
      googleAuthOptions: deps.googleAuth ? { authClient: deps.googleAuth, projectId: vertex.project } : { scopes: [CLOUD_PLATFORM], projectId: vertex.project },
    });
  }
  if (!(await deps.secrets.has('gemini-api-key'))) {
    throw new AppError('not_connected', 'The assistant is not configured on this server (no gemini-api-key secret).', {
      details: { provider: 'gemini', configured: false },
    });
  }
  const apiKey = (await deps.secrets.get('gemini-api-key')).value;
  registerSecretValue(apiKey);
  return new GoogleGenAI({ apiKey, httpOptions: { apiVersion: 'v1beta', ...(baseUrl ? { baseUrl } : {}) } });
}

/** Which backend and endpoint a client talks to, for per-instance caches keyed by it. */
export function backendKey(config: Config): string {
  const v = config.gemini.vertex;
  return `${v ? `vertex:${v.project}/${v.location}` : 'api-key'}|${config.gemini.baseUrl ?? 'default'}`;
}
