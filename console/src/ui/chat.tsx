import { useEffect, useRef, useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../api/api-error';
import { applyEvent, fromTranscript, type Message } from './chat-model';
import { useApp } from './context';
import { ErrorNote } from './error-note';
import { href } from './router';
import { ToolCall } from './tool-call';
import { useLoad } from './use-load';

// Talk to the assistant: the reply streams in (SSE), tools show as they run, writes arrive as
// approval cards. Conversations are listed beside it; opening one resumes it where it was left.

export function Chat({ conversationId }: { conversationId?: string }) {
  const { api } = useApp();
  const list = useLoad(() => api.call('chat', 'GET'), []);
  const [cid, setCid] = useState(conversationId);
  const [messages, setMessages] = useState<Message[]>([]);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState('');
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setCid(conversationId);
    setMessages([]);
    setError(undefined);
    if (!conversationId) return;
    api.call('chat', 'GET', { path: conversationId }).then(
      (d) => 'conversation' in d && setMessages(fromTranscript(d.conversation)),
      (e: unknown) => setError(asApiError(e)),
    );
  }, [api, conversationId]);
  useEffect(() => end.current?.scrollIntoView?.({ block: 'end' }), [messages]);

  const send = async (e: Event) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text || busy) return;
    setBusy(true);
    setError(undefined);
    setDraft('');
    setMessages((m) => [...m, { kind: 'user', text }, { kind: 'assistant', text: '', tools: [], streaming: true }]);
    try {
      const { data } = await api.stream('chat', { body: { message: text, ...(cid ? { conversation_id: cid } : {}) } }, (ev) =>
        setMessages((m) => applyEvent(m, ev)),
      );
      setMessages((m) => finish(m, data.reply));
      if (!cid) {
        setCid(data.conversation_id);
        history.replaceState(null, '', href('chat', data.conversation_id));
        list.reload();
      }
    } catch (err) {
      setMessages((m) => finish(m, ''));
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const decided = (reply: string) => reply && setMessages((m) => [...m, { kind: 'assistant', text: reply, tools: [] }]);

  return (
    <div class="chat-layout">
      <nav class="conversations" aria-labelledby="conversations-title">
        <h2 id="conversations-title">Conversations</h2>
        <p>
          <a href={href('chat')}>New conversation</a>
        </p>
        <ErrorNote error={list.error} />
        <ul class="plain">
          {list.data && 'conversations' in list.data
            ? list.data.conversations.map((c) => (
                <li key={c.id}>
                  <a href={href('chat', c.id)} aria-current={c.id === cid ? 'page' : undefined}>
                    {c.title}
                  </a>
                </li>
              ))
            : null}
        </ul>
      </nav>
      <section class="chat" aria-labelledby="chat-title">
        <h1 id="chat-title">Chat</h1>
        <ol class="messages" aria-live="polite">
          {messages.map((m, i) => (
            <li key={i} class={`message ${m.kind}`}>
              <p class="who small">{m.kind === 'user' ? 'You' : 'Assistant'}</p>
              {m.kind === 'assistant' ? m.tools.map((t, j) => <ToolCall key={j} tool={t} onDecided={decided} />) : null}
              {m.text ? <p class="text">{m.text}</p> : m.kind === 'assistant' && m.streaming ? <p class="muted">Thinking…</p> : null}
            </li>
          ))}
        </ol>
        <div ref={end} />
        <ErrorNote error={error} />
        <form class="composer" onSubmit={send}>
          <label for="message">Message</label>
          <textarea id="message" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} rows={2} maxLength={8000} />
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Sending…' : 'Send'}
          </button>
        </form>
      </section>
    </div>
  );
}

function finish(messages: Message[], reply: string): Message[] {
  const last = messages.at(-1);
  if (last?.kind !== 'assistant') return messages;
  return [...messages.slice(0, -1), { ...last, streaming: false, text: last.text || reply }];
}
