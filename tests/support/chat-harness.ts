import { say } from '../../sandbox/gemini';
import { startHarness, type Harness } from './harness';

/**
 * A harness whose chat function has already answered once, so the instance's cold start
 * (Secret Manager, Firestore, SDK imports) is paid outside the tests' own timeouts.
 */
export async function startWarmChatHarness(): Promise<Harness> {
  const h = await startHarness();
  h.gemini.script(say('warm'));
  await h.call('chat', { message: 'warm up' }, { headers: { authorization: 'Bearer dev:warm-up' } });
  return h;
}
