import { readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog';
import { bundleFunction } from '../../scripts/lib/bundle';
import { writeEntry } from '../../scripts/lib/entry-source';
import { locateFunctionModules } from '../../scripts/lib/function-modules';
import { MAX_WEBHOOK_BYTES } from '../../shared/commerce/merchant-webhook';
import { repoTempDir } from '../support/repo-temp-dir';
import { type FunctionProcess, sendWhenListening, spawnFunction } from '../bench/function-process';

// The public merchant-webhook bundle, built as `npm run build` builds it and served by
// functions-framework's own CLI, receives bodies the framework would otherwise read (and inflate)
// in full before our code runs. The process's peak resident memory (VmHWM) is the measure.

const root = process.cwd();
const dir = repoTempDir('body-guard-test-', root);
let fn: FunctionProcess;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function peakRssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1]);
}

interface Answer {
  status: number;
  body: string;
  sentBytes: number;
}

/** POSTs `chunks` one by one (awaiting each write) until the server answers or they run out. */
/**
 * A raw HTTP/1.1 client, as a careful one behaves: it stops sending once the server has answered
 * or stopped reading (EPIPE/ECONNRESET on write), and still reads the answer the server sent.
 * (node:http's client reports the write error and drops an answer that raced it.)
 */
function post(headers: Record<string, string>, chunks: Iterable<Buffer>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunked = headers['transfer-encoding'] === 'chunked';
    let sentBytes = 0;
    let received = Buffer.alloc(0);
    let stop = false;
    const socket = connect(fn.port, '127.0.0.1');
    socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
      stop = true;
    });
    socket.on('error', () => {
      stop = true;
    });
    socket.on('close', () => {
      const answer = parseAnswer(received, sentBytes);
      if (answer) resolve(answer);
      else reject(new Error(`no HTTP answer after ${sentBytes} bytes sent`));
    });
    socket.on('connect', () => {
      const head = Object.entries({ host: `127.0.0.1:${fn.port}`, connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
      socket.write(`POST / HTTP/1.1\r\n${head.join('')}\r\n`);
      const it = chunks[Symbol.iterator]();
      const next = () => {
        const { value, done } = it.next();
        if (stop || socket.destroyed) return;
        if (done) return void socket.write(chunked ? '0\r\n\r\n' : '');
        sentBytes += value.length;
        const framed = chunked ? Buffer.concat([Buffer.from(`${value.length.toString(16)}\r\n`), value, Buffer.from('\r\n')]) : value;
        socket.write(framed, (e) => (e ? undefined : setImmediate(next)));
      };
      next();
    });
  });
}

function parseAnswer(raw: Buffer, sentBytes: number): Answer | undefined {
  const text = raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (split < 0 || !status?.[1]) return undefined;
  const head = text.slice(0, split).toLowerCase();
  let body = text.slice(split + 4);
  if (head.includes('transfer-encoding: chunked')) {
    let out = '';
    for (let at = 0; ; ) {
      const eol = body.indexOf('\r\n', at);
      const size = Number.parseInt(body.slice(at, eol), 16);
      if (!(size > 0)) break;
      out += body.slice(eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
    body = out;
  }
  return { status: Number(status[1]), body, sentBytes };
}

function* repeat(chunk: Buffer, times: number) {
  for (let i = 0; i < times; i++) yield chunk;
}

beforeAll(async () => {
  const entry = functionCatalog().find((f) => f.name === 'merchant-webhook');
  if (!entry) throw new Error('merchant-webhook is not in the catalog');
  const mod = (await locateFunctionModules(root, [entry])).get(entry.name);
  if (!mod) throw new Error('no module for merchant-webhook');
  const entryFile = writeEntry(root, join(dir, 'entries'), entry, mod);
  const outDir = join(dir, 'merchant-webhook');
  const built = await bundleFunction({ name: entry.name, entryFile, outDir, frameworkVersion: '*' });
  expect(built.problems).toEqual([]);
  fn = spawnFunction(root, 'merchant-webhook', outDir, await freePort(), {});
  // The guard answers before the runtime is built, so no configuration is needed to reach it.
  const warm = await sendWhenListening(fn, 'POST', { hello: 'x'.repeat(70_000) }, 20_000);
  expect(warm.status).toBe(413);
}, 120_000);

afterAll(async () => {
  await fn?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// The refusals race the client's own writes; on a loaded machine a reset can still beat the
// answer to the client, so each case gets two more tries (an answer that is wrong fails every try).
describe('request bodies are refused before functions-framework reads them', () => {
  it('a gzip bomb (128 KiB that inflates to 128 MiB) answers 415 and the process does not grow', async () => {
    const bomb = gzipSync(Buffer.alloc(128 * 1024 * 1024, 0x20), { level: 9 });
    const before = peakRssKb(fn.child.pid as number);
    const started = Date.now();
    const res = await post({ 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }, [bomb]);
    expect(res.status, res.body).toBe(415);
    expect(JSON.parse(res.body).error.code).toBe('unsupported_media_type');
    const grewMb = (peakRssKb(fn.child.pid as number) - before) / 1024;
    console.log(`gzip bomb (${bomb.length} bytes): ${res.status} in ${Date.now() - started} ms, peak RSS grew ${grewMb.toFixed(1)} MB`);
    expect(grewMb).toBeLessThan(16);
  });

  it('deflate and br are refused too; identity passes the guard', async () => {
    for (const encoding of ['deflate', 'br', 'x-unknown']) {
      const res = await post({ 'content-type': 'application/json', 'content-encoding': encoding, 'content-length': '2' }, [Buffer.from('{}')]);
      expect(res.status, encoding).toBe(415);
    }
    const plain = await post({ 'content-type': 'application/json', 'content-encoding': 'identity', 'content-length': '2' }, [Buffer.from('{}')]);
    expect(plain.status).not.toBe(415);
    expect(plain.status).not.toBe(413);
  });

  it('a declared Content-Length over the limit answers 413 without the body being read', async () => {
    const declared = 512 * 1024 * 1024;
    const res = await post({ 'content-type': 'application/json', 'content-length': String(declared) }, repeat(Buffer.alloc(64 * 1024, 0x20), 64));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.details.limit).toBe(MAX_WEBHOOK_BYTES);
    expect(res.sentBytes).toBeLessThan(declared);
  });

  it('a chunked body is cut off at the limit: 413 long before the sender is done', async () => {
    const before = peakRssKb(fn.child.pid as number);
    const total = 256 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const res = await post({ 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, repeat(chunk, total / chunk.length));
    expect(res.status, res.body).toBe(413);
    expect(res.sentBytes).toBeLessThan(total / 4);
    expect((peakRssKb(fn.child.pid as number) - before) / 1024).toBeLessThan(16);
  });
});
