// Stands in front of a push endpoint and does what real Pub/Sub does and the emulator does not:
// attaches an OIDC token (minted by the test's loopback "Google", for the push service account
// and the endpoint's audience) to every push. It can also lose acknowledgements — forward a push,
// let the function process it, but answer the emulator 500 — so Pub/Sub redelivers the very
// same message, as it does in production when an ack is lost.
import { createServer, type Server } from 'node:http';

export interface RelayTarget {
  url: string;
  /** Returns the Authorization header value for one forwarded push. */
  authorization(): Promise<string>;
}

export interface OidcRelay {
  url: string;
  /** Per forwarded push, in arrival order: the push body and what the function answered. */
  deliveries: { request: string; status: number; body: string }[];
  /** The next `n` pushes are processed but reported to Pub/Sub as failed (lost acks). */
  loseAcks(n: number): void;
  close(): Promise<void>;
}

export async function startOidcRelay(target: RelayTarget): Promise<OidcRelay> {
  const deliveries: OidcRelay['deliveries'] = [];
  let lose = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const request = Buffer.concat(chunks);
        const forwarded = await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json'), authorization: await target.authorization() },
          body: request,
        });
        const body = await forwarded.text();
        deliveries.push({ request: request.toString('utf8'), status: forwarded.status, body });
        const dropAck = lose > 0 && forwarded.ok;
        if (dropAck) lose -= 1;
        res.statusCode = dropAck ? 500 : forwarded.status;
        res.end(body);
      } catch (e) {
        res.statusCode = 502;
        res.end(String(e));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    deliveries,
    loseAcks: (n) => void (lose += n),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
