import { useEffect, useRef, useState } from 'preact/hooks';
import type { Session } from '../auth/session';

// The step-up before money moves (approve a purchase, cancel an order, change the spending
// policy): a modal dialog asking the person to sign in again. The backend enforces the same rule
// on the token's auth_time (shared/commerce/fresh-identity.ts); this makes it a visible step.

export interface FreshRequest {
  reason: string;
  resolve(done: boolean): void;
}

export function FreshSignInDialog({ request, session, mode }: { request: FreshRequest | undefined; session: Session; mode: 'dev' | 'firebase' }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (request && !d.open) d.showModal();
    if (!request && d.open) d.close();
    setError(undefined);
  }, [request]);
  if (!request) return <dialog ref={ref} aria-labelledby="fresh-title" />;
  const confirm = () =>
    session.reauthenticate().then(
      () => request.resolve(true),
      (e: Error) => setError(e.message),
    );
  return (
    <dialog ref={ref} aria-labelledby="fresh-title" onCancel={() => request.resolve(false)}>
      <h2 id="fresh-title">Confirm it's you</h2>
      <p>{request.reason}</p>
      <p class="muted">Money is involved, so this needs a sign-in from the last few minutes.</p>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="actions">
        <button type="button" class="primary" onClick={confirm}>
          {mode === 'firebase' ? 'Sign in again with Google' : `Sign in again as ${session.uid}`}
        </button>
        <button type="button" onClick={() => request.resolve(false)}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
