import { AppError } from '../errors';
import type { Caller } from './identity';

/** Approvals, and the tokens that let clients ask for them, are a person's act: only a signed-in user's own request. */
export function requireHuman(caller: Caller): void {
  if (caller.via !== 'firebase' && caller.via !== 'dev') throw new AppError('forbidden', 'Approvals can only be decided by the signed-in user.');
}
