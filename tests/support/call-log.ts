// The order in which real store and client calls start and settle, for tests of what a request
// overlaps. A method is wrapped in place (an instance's, or a prototype's for every instance);
// each call logs "<label>:start" at once and "<label>:end" when its promise settles.

type Label = string | ((args: unknown[]) => string | undefined);

export class CallLog {
  entries: string[] = [];

  /** Wraps `target[method]`; a label function returning undefined leaves that call out. Returns the undo. */
  observe<T extends object>(target: T, method: keyof T, label: Label): () => void {
    const real = target[method] as (...args: unknown[]) => Promise<unknown>;
    const log = this;
    (target as Record<keyof T, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
      const name = typeof label === 'string' ? label : label(args);
      if (name) log.entries.push(`${name}:start`);
      return real.apply(this, args).finally(() => name && log.entries.push(`${name}:end`));
    };
    return () => {
      (target as Record<keyof T, unknown>)[method] = real;
    };
  }

  clear(): void {
    this.entries = [];
  }

  /** The calls under way before `label` settled, or before the first call settled (sorted). */
  startedBefore(label?: string): string[] {
    const end = label ? this.entries.indexOf(`${label}:end`) : this.entries.findIndex((e) => e.endsWith(':end'));
    return this.entries
      .slice(0, end)
      .filter((e) => e.endsWith(':start'))
      .sort();
  }

  /** How many calls of `label` started. */
  count(label: string): number {
    return this.entries.filter((e) => e === `${label}:start`).length;
  }
}
