import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject, vi } from 'vitest';
import { launchChromium } from './browser';
import { type DevHost, startDevHost, stopDevHost } from './dev-host-process';

// What a console browser test file stands on: the host `npm start` runs and a Chromium, started
// together before the file's tests and closed after them. Pages wait on a real backend sharing two
// cores with the rest of the suite, so expect.poll waits patiently.

export interface ConsoleSession {
  readonly host: DevHost;
  readonly browser: Browser;
}

export function useConsoleSession(): ConsoleSession {
  vi.setConfig({ expect: { poll: { timeout: 20_000, interval: 100 } } });
  const session = {} as { host: DevHost; browser: Browser };
  beforeAll(async () => {
    [session.host, session.browser] = await Promise.all([startDevHost(inject('firestoreEmulatorHost')), launchChromium()]);
  }, 90_000);
  afterAll(async () => {
    await session.browser?.close();
    if (session.host) await stopDevHost(session.host);
  });
  return session;
}
