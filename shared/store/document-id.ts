import { z } from 'zod';
import { AppError } from '../errors';
import { isWellFormedText } from '../well-formed';

// The one check for every value that becomes a Firestore document id (or a path segment of one):
// uids, approval ids, conversation ids, channel ids, shopping ids. Firestore refuses ids that
// contain "/", are "." or "..", or match __.*__ (reserved), and the SDK surfaces that as an
// opaque error mid-request; checked here first, such a value is a clear 400 that touched nothing.
// https://firebase.google.com/docs/firestore/quotas#collections_documents_and_fields

export const MAX_DOCUMENT_ID_LENGTH = 128;

/** Why `value` cannot be a document id, or undefined when it can. */
export function documentIdProblem(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (value.length > MAX_DOCUMENT_ID_LENGTH) return `is longer than ${MAX_DOCUMENT_ID_LENGTH} characters`;
  if (value.includes('/')) return 'contains "/"';
  if (value === '.' || value === '..') return 'is "." or ".."';
  if (/^__.*__$/s.test(value)) return 'is a reserved id (__…__)';
  if (!isWellFormedText(value)) return 'is not well-formed Unicode';
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains control characters';
  return undefined;
}

export function isDocumentId(value: unknown): value is string {
  return typeof value === 'string' && documentIdProblem(value) === undefined;
}

/** `value` when it can be a document id; else 400 invalid_input naming `what`. */
export function requireDocumentId(value: string, what: string): string {
  const problem = documentIdProblem(value);
  if (problem)
    throw new AppError('invalid_input', `${what} ${problem}.`, {
      details: { parameter: what, issues: [{ path: [what], code: 'invalid_id', message: problem }] },
    });
  return value;
}

/** A zod string that can be a document id (the refinement message says why not). */
export function documentIdSchema() {
  return z.string().superRefine((s, ctx) => {
    const problem = documentIdProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: `is not a valid id: ${problem}` });
  });
}
