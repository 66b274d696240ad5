import { useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../api/api-error';
import type { ApprovalView, ToolResponse } from '../api/types';
import { useApp } from './context';
import { ErrorNote } from './error-note';
import { Preview } from './previews/preview';

// One approval: exactly what will happen (the stored preview), its state, and the decision.
// Approving a purchase first asks for a fresh sign-in. An approval that expired or was already
// used says so (the server's 409 is the authority: another tab may have decided it meanwhile).

const STATUS: Record<string, string> = {
  pending: 'Waiting for your decision',
  executing: 'Running',
  executed: 'Approved and done',
  failed: 'Approved, but it failed',
  denied: 'Denied: nothing was done',
  expired: 'Expired: ask the assistant again',
  superseded: 'Not approved: the conversation moved on',
};

export function ApprovalCard({ approval, onDecided }: { approval: ApprovalView; onDecided?(reply: string): void }) {
  const { api, freshSignIn } = useApp();
  const [status, setStatus] = useState(approval.status);
  const [result, setResult] = useState<ToolResponse>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const purchase = approval.effect === 'purchase';

  const decide = async (decision: 'approve' | 'deny') => {
    setError(undefined);
    if (decision === 'approve' && purchase && !(await freshSignIn(`Approve this purchase: ${approval.preview.title}`))) return;
    setBusy(true);
    try {
      const data = await api.call('approvals', 'POST', { path: approval.id, body: { decision } });
      setStatus(data.decided.status);
      setResult(data.result);
      onDecided?.(data.reply);
    } catch (e) {
      const err = asApiError(e);
      const told = err.details?.status;
      if (err.code === 'conflict' && typeof told === 'string') setStatus(told as ApprovalView['status']);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const titleId = `approval-${approval.id}`;
  return (
    <article class={`card approval status-${status}`} aria-labelledby={titleId} data-approval-id={approval.id}>
      <h3 id={titleId}>{approval.preview.title}</h3>
      <p class="small">
        <span class={`state state-${status}`}>{STATUS[status] ?? status}</span>{' '}
        {status === 'pending' ? <span class="muted">· expires {new Date(approval.expires_at).toLocaleTimeString()}</span> : null}
      </p>
      <Preview preview={approval.preview} />
      <ErrorNote error={error} title={error?.code === 'conflict' ? 'Not done' : undefined} />
      {result && 'error' in result ? <p role="alert">It failed: {result.error.message}</p> : null}
      {status === 'pending' ? (
        <div class="actions">
          <button type="button" class="primary" disabled={busy} onClick={() => decide('approve')}>
            {purchase ? 'Approve purchase' : 'Approve'}
          </button>
          <button type="button" disabled={busy} onClick={() => decide('deny')}>
            Deny
          </button>
        </div>
      ) : null}
    </article>
  );
}
