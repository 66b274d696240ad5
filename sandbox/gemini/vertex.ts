import type { FakeRequest, FakeResponse } from '../fake-server';
import { googleError } from './errors';
import type { ModelSpec } from './models';

// Gemini on Vertex AI, as the fake serves it beside the Gemini API: the same generateContent and
// streamGenerateContent messages under a project/location publisher-model path, authenticated
// with an OAuth access token (Authorization: Bearer) instead of an API key, plus the Model
// Garden publisher model for models.get. An API key is refused on these paths (the project path
// needs OAuth), and models are named and refused the way Vertex AI names and refuses them.
// https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/projects.locations.publishers.models/generateContent

export const VERTEX_GENERATE =
  /^\/(?<version>v1|v1beta1)\/projects\/(?<project>[^/]+)\/locations\/(?<location>[a-z0-9-]+)\/publishers\/google\/models\/(?<model>[^/:]+):(?<method>generateContent|streamGenerateContent)$/;
export const VERTEX_GET_MODEL = /^\/(?<version>v1|v1beta1)\/publishers\/google\/models\/(?<model>[^/:]+)$/;

const UNAUTHENTICATED =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** 401 unless the request carries the access token the fake issued (an API key does not do). */
export function vertexAuthProblem(req: FakeRequest, accessToken: string): FakeResponse | undefined {
  const header = req.headers.authorization;
  const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  return bearer === accessToken ? undefined : googleError(401, UNAUTHENTICATED);
}

export function vertexModelNotFound(req: FakeRequest): FakeResponse {
  const { project, location, model } = req.params;
  return googleError(
    404,
    `Publisher Model \`projects/${project}/locations/${location}/publishers/google/models/${model}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`,
  );
}

/** GET /v1/publishers/google/models/{model}: the PublisherModel resource. */
export function publisherModel(m: ModelSpec): Record<string, unknown> {
  return {
    name: `publishers/google/models/${m.name}`,
    versionId: '001',
    openSourceCategory: 'PROPRIETARY',
    launchStage: m.name.includes('preview') ? 'PUBLIC_PREVIEW' : 'GA',
    publisherModelTemplate: `projects/{project}/locations/{location}/publishers/google/models/${m.name}@001`,
  };
}
