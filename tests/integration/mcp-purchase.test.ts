import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { X1_BLACK_X2, X1_BLACK_X2_TOTAL } from '../support/shopping';

// A purchase prepared by an MCP client: the preparation runs, request_approval's frozen receipt
// becomes the approval, nothing moves at CartPilot until the person approves in the approvals API
// (which runs approve then confirm, once), and the client reads the order back.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(async () => h.reset());

const approveOrConfirm = (from: number) => h.cartpilot.requests.slice(from).filter((r) => /\/checkouts\/[^/]+\/(approve|confirm)$/.test(r.path));

describe('a purchase through MCP', () => {
  it('prepares, waits for the person, buys once on approval, and reports the order', async () => {
    const client = new Client({ name: 'mcp-shop', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`)));
    const call = async (name: string, args: Record<string, unknown>) => {
      const r = await client.callTool({ name, arguments: args });
      expect(r.isError, `${name}: ${JSON.stringify(r.content)}`).toBeFalsy();
      return r.structuredContent as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const from = h.cartpilot.requests.length;
    const intent = await call('create_intent', { query: 'wireless headphones' });
    const offers = await call('get_intent_offers', { intent_id: intent.intent_id });
    const offer = offers.offers.find((o: { merchant_id: string }) => o.merchant_id === 'merchant-a');
    const checkout = await call('create_checkout', { offer_id: offer.offer_id, items: X1_BLACK_X2 });
    await call('quote_checkout', { checkout_id: checkout.checkout_id });
    const pending = await call('request_approval', { checkout_id: checkout.checkout_id });
    expect(pending).toMatchObject({ status: 'pending_approval', tool: 'request_approval', preview: { kind: 'purchase' } });
    expect(approveOrConfirm(from)).toEqual([]);

    const decided = await h.call(`approvals/${pending.approval_id}`, { decision: 'approve' });
    expect(decided.status).toBe(200);
    expect(approveOrConfirm(from).map((r) => r.path.split('/').at(-1))).toEqual(['approve', 'confirm']);
    const result = await call('get_approval_result', { approval_id: pending.approval_id });
    expect(result).toMatchObject({
      status: 'executed',
      result: { approved_by_user: true, order: { status: 'confirmed', total: { amount: X1_BLACK_X2_TOTAL } } },
    });
    expect((await h.call(`approvals/${pending.approval_id}`, { decision: 'approve' })).status).toBe(409);
    expect(approveOrConfirm(from)).toHaveLength(2);
    await client.close();
  });
});
