import type { z } from 'zod';
import { AppError } from '../errors';

/** zod issues → 400 invalid_input, with each issue's path, code and message in details. */
export function parseInput<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message }));
  const first = issues[0];
  const where = first?.path.length ? `${first.path.join('.')}: ` : '';
  throw new AppError('invalid_input', `Invalid input — ${where}${first?.message ?? 'does not match the schema'}`, { details: { issues } });
}
