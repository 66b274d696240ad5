// Owns what `npm start` starts (the Firestore emulator JVM, fakes, the host) and tears it down on
// SIGINT, SIGTERM, SIGHUP or an uncaught error, so no JVM outlives the process. A resource still
// starting when a signal arrives is awaited and then closed too: otherwise an emulator launched
// a second before Ctrl-C would be orphaned.

type Closer = { name: string; close: () => Promise<void> };

const CLOSE_TIMEOUT_MS = 8_000;

export class DevLifecycle {
  private readonly closers: Closer[] = [];
  private readonly starting = new Set<Promise<unknown>>();
  private stopping: Promise<void> | undefined;

  constructor(private readonly log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {}

  /** Starts a resource and registers its closer; throws if shutdown began meanwhile. */
  async own<T>(name: string, start: Promise<T>, close: (value: T) => Promise<void>): Promise<T> {
    this.starting.add(start);
    try {
      const value = await start;
      this.closers.push({ name, close: () => close(value) });
      if (this.stopping) throw new Error(`${name} finished starting during shutdown; it is being stopped`);
      return value;
    } finally {
      this.starting.delete(start);
    }
  }

  /** True once shutdown began; work still starting then fails, and its errors are expected. */
  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** Closes everything in reverse start order, each at most once; safe to call repeatedly. */
  shutdown(): Promise<void> {
    this.stopping ??= this.closeAll();
    return this.stopping;
  }

  /** Installs the handlers that end the process after a clean shutdown. */
  installSignalHandlers(): void {
    // A requested stop is a clean exit (0), so `npm start` does not report a failed script.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => this.exit(0, signal));
    process.on('uncaughtException', (e) => {
      this.log(`Uncaught error: ${e.stack ?? e.message}`);
      this.exit(1, 'uncaught error');
    });
    process.on('unhandledRejection', (e) => {
      this.log(`Unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      this.exit(1, 'unhandled rejection');
    });
  }

  /** Shuts down, then exits with `code`; a second call while stopping exits at once. */
  exit(code: number, why: string): void {
    if (this.stopping) {
      // A second Ctrl-C: stop waiting. firestore-emulator.ts SIGKILLs its JVM on 'exit'.
      this.log(`${why} again: exiting now.`);
      process.exit(code);
    }
    this.log(`${why}: shutting down…`);
    void this.shutdown().finally(() => process.exit(code));
  }

  private async closeAll(): Promise<void> {
    // Let in-flight starts finish so they register their closers (bounded by their own timeouts).
    await Promise.allSettled([...this.starting]);
    for (const c of this.closers.splice(0).reverse()) {
      try {
        await withTimeout(c.close(), CLOSE_TIMEOUT_MS, c.name);
      } catch (e) {
        this.log(`Could not stop ${c.name}: ${(e as Error).message}`);
      }
    }
  }
}

function withTimeout(p: Promise<void>, ms: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not stop within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
