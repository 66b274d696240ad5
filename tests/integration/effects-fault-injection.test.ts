import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyAction } from '../../shared/actions/define-action';
import { createCalendarEvent } from '../../shared/actions/calendar/create-calendar-event';
import { sendEmail } from '../../shared/actions/gmail/send-email';
import { postTweet } from '../../shared/actions/x/post-tweet';
import type { Settlement } from '../../shared/store/effects/effect-record';
import { verifyChain } from '../../shared/store/effects/effect-chain';
import { EffectStore } from '../../shared/store/effects/effects-store';
import { reconcileEffects } from '../../shared/orchestrator/reconcile-effects';
import { executeOnce } from '../../shared/effects/run-once';
import type { Fault } from '../../sandbox/fake-server';
import { startHarness, type Harness } from '../support/harness';

// Exactly once across crashes, 200 times per provider, through the real SDKs and the loopback
// fakes. Each effect meets one of three faults, in turn:
//   drop   the provider accepts the write, then the connection drops (the answer is lost);
//   crash  the provider accepts the write, then the function "dies" before our record completes
//          (an in-process fault point: the store's `applied` settle throws, leaving it pending);
//   lost   the connection drops before the provider handled anything.
// Then the reconciler runs, then every effect is retried once (a client retrying). In the end:
// every effect settled, none unknown or pending, and the provider holds each write exactly once.

const N = Number(process.env.FI_N ?? 200);
const ANA = 'ana@example.com';
const MODES = ['drop', 'crash', 'lost'] as const;
type Mode = (typeof MODES)[number];

/** Users per provider, each its own effect chain, running side by side (iteration i → user i % USERS). */
const USERS = 4;
const PROVIDERS = ['gmail', 'calendar', 'x'] as const;
type Provider = (typeof PROVIDERS)[number];
const uidOf = (p: Provider, i: number) => `fi-${p}-${i % USERS}`;
/** Each user's access token: a fault matches only that user's requests. */
const tokens = new Map<string, string>();

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ xRateLimits: { 'POST /2/tweets': { limit: 10_000, windowSec: 900 } } });
  for (let k = 0; k < USERS; k += 1) {
    for (const p of ['gmail', 'calendar'] as const) tokens.set(uidOf(p, k), (await h.connectGoogle(uidOf(p, k), ANA)).accessToken);
    tokens.set(uidOf('x', k), (await h.connectX(uidOf('x', k))).accessToken);
  }
});
afterAll(async () => h?.close());

class Crash extends Error {}

/** The effect store with a fault point: the next `applied` settle dies, as the instance would. */
class CrashingStore extends EffectStore {
  crashNext = false;
  override async settle(uid: string, effectId: string, outcome: Settlement) {
    if (this.crashNext && outcome.status === 'applied') {
      this.crashNext = false;
      throw new Crash('instance died after the provider accepted the write');
    }
    return super.settle(uid, effectId, outcome);
  }
}

interface Case {
  provider: Provider;
  action: AnyAction;
  writePath: RegExp;
  input: (i: number) => Record<string, unknown>;
  /** How many times the provider holds the write of iteration i. */
  copies: (i: number) => number;
}

const tag = Math.random().toString(36).slice(2, 8);
const cases: Record<'gmail' | 'calendar' | 'x', Case> = {
  gmail: {
    provider: 'gmail',
    action: sendEmail,
    writePath: /\/messages\/send$/,
    input: (i) => ({ to: ['bo@example.com'], subject: `fi ${tag} ${i}`, text: 'once' }),
    copies: (i) => h.google.sentMessages(ANA).filter((m) => m.subject === `fi ${tag} ${i}`).length,
  },
  calendar: {
    provider: 'calendar',
    action: createCalendarEvent,
    writePath: /\/calendars\/primary\/events$/,
    input: (i) => ({ summary: `fi ${tag} ${i}`, start: '2030-01-01T10:00:00Z', end: '2030-01-01T11:00:00Z' }),
    copies: (i) => h.google.calendarEvents(ANA, 'primary').filter((e) => e.event.summary === `fi ${tag} ${i}`).length,
  },
  x: {
    provider: 'x',
    action: postTweet,
    writePath: /^\/2\/tweets$/,
    input: (i) => ({ text: `fi ${tag} ${i}` }),
    copies: (i) => h.x.tweets().filter((t) => t.text === `fi ${tag} ${i}`).length,
  },
};

function faultFor(mode: Mode, c: Case, i: number, store: CrashingStore): void {
  const match = { method: 'POST', path: c.writePath, headers: { authorization: `Bearer ${tokens.get(uidOf(c.provider, i))}` } };
  const inject = (f: Fault) => (c.provider === 'x' ? h.x.inject(f) : h.google.inject(f));
  if (mode === 'drop') inject({ match, status: 200, dropAfterHandling: true });
  if (mode === 'lost') inject({ match, status: 0 });
  if (mode === 'crash') store.crashNext = true;
}

async function attempt(c: Case, i: number, store: EffectStore): Promise<'ok' | 'failed'> {
  const ctx = h.runtime.contextFor({ uid: uidOf(c.provider, i), via: 'dev' }, `fi-${i}`, new AbortController().signal);
  const input = c.action.input.parse(c.input(i));
  return executeOnce(c.action, ctx, input, { effectId: `fi-${tag}-${i}` }, store).then(
    () => 'ok',
    () => 'failed',
  );
}

/** Runs `each(i)` for i < N: one user's iterations in order, the users side by side. */
async function perUser(each: (i: number) => Promise<void>): Promise<void> {
  await Promise.all(
    Array.from({ length: USERS }, async (_, k) => {
      for (let i = k; i < N; i += USERS) await each(i);
    }),
  );
}

async function runProvider(c: Case): Promise<string[]> {
  const first: string[] = [];
  const stores = Array.from({ length: USERS }, () => new CrashingStore(h.runtime.stores.db));
  await perUser(async (i) => {
    const store = stores[i % USERS] as CrashingStore;
    faultFor(MODES[i % 3] as Mode, c, i, store);
    first[i] = await attempt(c, i, store);
  });
  return first;
}

async function effects(p: Provider) {
  const db = await h.runtime.stores.db();
  const snaps = await Promise.all(Array.from({ length: USERS }, (_, k) => db.collection(`users/${uidOf(p, k)}/effects`).get()));
  return snaps.flatMap((s) => s.docs.map((d) => d.data() as { status: string; effectId: string; providerId: string | null }));
}

describe(`fault injection: ${N} writes per provider, each meeting a lost answer or a crash`, () => {
  it('ends with every effect settled and no provider holding any write twice', { timeout: 600_000 }, async () => {
    const first = await Promise.all(PROVIDERS.map((p) => runProvider(cases[p])));
    // A dropped answer is found at once (Message-ID, event id, recent posts): it succeeds.
    for (const outcomes of first) for (const [i, o] of outcomes.entries()) expect(o).toBe(MODES[i % 3] === 'drop' ? 'ok' : 'failed');

    const report = await reconcileEffects({ runtime: h.runtime, requestId: 'fi', signal: new AbortController().signal, graceMs: 0, limit: 5_000 });
    const count = (mode: Mode) => 3 * Array.from({ length: N }, (_, i) => MODES[i % 3]).filter((m) => m === mode).length;
    expect(report).toEqual({ applied: count('crash'), notApplied: count('lost'), stillUnknown: 0, sealed: 3 * N });
    for (const p of PROVIDERS) {
      const recs = await effects(p);
      expect(recs).toHaveLength(N);
      expect(recs.filter((r) => r.status === 'pending' || r.status === 'unknown')).toEqual([]);
      // Crashed after the provider accepted → applied; lost before it → not applied.
      for (const r of recs) {
        const i = Number(r.effectId.split('-').at(-1));
        expect(r.status, `${p} #${i}`).toBe(MODES[i % 3] === 'lost' ? 'not_applied' : 'applied');
      }
    }

    // Every client retries once: applied effects replay, the not-applied ones are sent now.
    await Promise.all(PROVIDERS.map((p) => perUser(async (i) => expect(await attempt(cases[p], i, h.runtime.stores.effects)).toBe('ok'))));
    // The next reconciler run seals the retries' outcomes into the chains.
    const sealing = await reconcileEffects({ runtime: h.runtime, requestId: 'fi', signal: new AbortController().signal, graceMs: 0, limit: 5_000 });
    expect(sealing).toEqual({ applied: 0, notApplied: 0, stillUnknown: 0, sealed: count('lost') });
    for (const p of PROVIDERS) {
      for (let i = 0; i < N; i += 1) expect(cases[p].copies(i), `${p} #${i}`).toBe(1);
      const recs = await effects(p);
      expect(recs.every((r) => r.status === 'applied' && r.providerId)).toBe(true);
      const lastOutcome = new Map<string, string>();
      for (let k = 0; k < USERS; k += 1) {
        const { entries, head } = await h.runtime.stores.effects.chain(uidOf(p, k));
        expect(verifyChain(entries, head)).toMatchObject({ ok: true });
        for (const e of entries) lastOutcome.set(e.effectId, `${e.event} ${e.providerId}`);
      }
      // The chains hold every effect, ending in its final outcome.
      expect(lastOutcome.size).toBe(N);
      for (const r of recs) expect(lastOutcome.get(r.effectId)).toBe(`applied ${r.providerId}`);
    }
  });

  it('npm run effects:verify checks a user’s chain and names the entry that was altered', { timeout: 60_000 }, async () => {
    const env = { ...process.env, ...h.env, LOG_LEVEL: 'error' };
    const verify = (uid: string) =>
      promisify(execFile)('npx', ['tsx', 'scripts/verify-effect-chain.ts', uid], { env }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const uid = uidOf('calendar', 0);
    const intact = await verify(uid);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.out)).toMatchObject({ uid, ok: true, length: expect.any(Number) });

    const db = await h.runtime.stores.db();
    const entry = (await db.collection(`users/${uid}/effectLog`).orderBy('seq').limit(5).get()).docs[4];
    await entry?.ref.update({ providerId: 'someone-elses-event' });
    const broken = await verify(uid);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.out)).toMatchObject({ ok: false, brokenAt: 5, reason: expect.stringContaining('hash') });
  });
});
