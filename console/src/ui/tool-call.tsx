import type { ToolItem } from './chat-model';
import { ApprovalCard } from './approval-card';

// A tool the assistant ran: a read collapses to a line (open it to see the arguments and the
// result's summary); a call that needs the person's approval is the approval card itself.

export function ToolCall({ tool, onDecided }: { tool: ToolItem; onDecided(reply: string): void }) {
  if (tool.approval) return <ApprovalCard approval={tool.approval} onDecided={onDecided} />;
  const running = !tool.status;
  return (
    <details class="tool">
      <summary>
        <span class="tool-name">{tool.name}</span> <span class={`state state-${tool.status ?? 'running'}`}>{running ? 'running…' : tool.status}</span>
      </summary>
      <dl class="kv small">
        <dt>Arguments</dt>
        <dd>
          <code>{JSON.stringify(tool.args)}</code>
        </dd>
        {tool.summary ? (
          <>
            <dt>Result</dt>
            <dd>{tool.summary}</dd>
          </>
        ) : null}
      </dl>
    </details>
  );
}
