import type { z } from 'zod';
import { AppError } from '../errors';
import { illFormedStringPath } from '../well-formed';

/**
 * zod issues → 400 invalid_input, with each issue's path, code and message in details. Every
 * input (action bodies, chat, approvals, query parameters) comes through here, so this is where
 * ill-formed Unicode is refused, in any string and any key, before a schema sees it.
 */
export function parseInput<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const bad = illFormedStringPath(body);
  if (bad) {
    const message = 'contains ill-formed Unicode (a lone surrogate)';
    throw new AppError('invalid_input', `Invalid input — ${bad.length ? `${bad.join('.')}: ` : ''}${message}`, {
      details: { issues: [{ path: bad, code: 'ill_formed_unicode', message }] },
    });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message }));
  const first = issues[0];
  const where = first?.path.length ? `${first.path.join('.')}: ` : '';
  throw new AppError('invalid_input', `Invalid input — ${where}${first?.message ?? 'does not match the schema'}`, { details: { issues } });
}
