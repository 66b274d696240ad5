import type { ApprovalView } from '../api/types';
import { ApprovalCard } from './approval-card';
import { useApp } from './context';
import { ErrorNote } from './error-note';
import { href } from './router';
import { useLoad } from './use-load';

// Pending approvals first, then the decided ones; or a single approval (#/approvals/{id}).

export function Approvals({ id }: { id?: string }) {
  const { api } = useApp();
  const loaded = useLoad(() => (id ? api.call('approvals', 'GET', { path: id }) : api.call('approvals', 'GET', { query: { status: 'all' } })), [api, id]);
  const data = loaded.data;
  const all: ApprovalView[] = data && 'approvals' in data ? data.approvals : [];
  const pending = all.filter((a) => a.status === 'pending');
  const decided = all.filter((a) => a.status !== 'pending');
  return (
    <section aria-labelledby="approvals-title">
      <h1 id="approvals-title">{id ? 'Approval' : 'Approvals'}</h1>
      {id ? (
        <p>
          <a href={href('approvals')}>All approvals</a>
        </p>
      ) : null}
      <ErrorNote error={loaded.error} />
      {loaded.loading && !data ? <p aria-busy="true">Loading…</p> : null}
      {data && 'approval' in data ? <ApprovalCard approval={data.approval} /> : null}
      {data && 'approvals' in data ? (
        <>
          <h2>Pending ({pending.length})</h2>
          {pending.length ? pending.map((a) => <ApprovalCard key={a.id} approval={a} />) : <p class="muted">Nothing waits for your decision.</p>}
          {decided.length ? <h2>Decided</h2> : null}
          {decided.map((a) => (
            <ApprovalCard key={a.id} approval={a} />
          ))}
        </>
      ) : null}
    </section>
  );
}
