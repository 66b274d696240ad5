import type { ApiError } from '../api/api-error';

// An API failure, said plainly: the server's message, its code, and the request id to quote.

export function ErrorNote({ error, title }: { error: ApiError | undefined; title?: string }) {
  if (!error) return null;
  return (
    <div class="error" role="alert">
      <p>
        <strong>{title ?? 'Something went wrong'}:</strong> {error.message}
      </p>
      <p class="muted small">
        Code <code>{error.code}</code>
        {error.requestId ? (
          <>
            {' '}
            · request id <code class="request-id">{error.requestId}</code>
          </>
        ) : null}
      </p>
    </div>
  );
}
