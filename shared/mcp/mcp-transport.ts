import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { HttpRequest, HttpResponse } from '../http/types';

// Hands one HTTP request to a fresh server through the SDK's Streamable HTTP transport, in its
// stateless mode (no session id) answering with JSON, not SSE: every request is complete on its
// own, and a function instance holds no stream open between requests. The web-standard transport
// is used directly: functions-framework has parsed the body already, and converting the rest of
// the request by hand is cheaper than the SDK's Node wrapper (it builds a second adapter per call).

export async function answerWith(server: Server, req: HttpRequest, res: HttpResponse, url: string, body: unknown): Promise<void> {
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    const response = await transport.handleRequest(new Request(url, { method: req.method, headers: headersOf(req) }), { parsedBody: body });
    res.statusCode = response.status;
    response.headers.forEach((value, name) => {
      res.setHeader(name, value);
    });
    res.end(Buffer.from(await response.arrayBuffer()));
  } finally {
    await server.close();
  }
}

function headersOf(req: HttpRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'content-length' || name === 'transfer-encoding') continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}
