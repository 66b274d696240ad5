import type { ToolHints } from '../actions/tool-hints';

/** A tool as tools/list describes it (the MCP Tool shape this server fills). */
export interface McpTool {
  name: string;
  description: string;
  inputSchema: { type: 'object'; [k: string]: unknown };
  outputSchema?: { type: 'object'; [k: string]: unknown };
  annotations: ToolHints;
}
