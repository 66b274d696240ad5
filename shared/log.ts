import { createHash } from 'node:crypto';

// Structured JSON logs in the shape Cloud Logging parses (severity, message, trace fields).
// Redaction is by construction: any field whose name looks secret is replaced before it is
// serialised, and values registered as secrets (keys, tokens seen at run time) are scrubbed from
// the whole line, so a careless `log.info('x', { headers })` cannot leak a bearer token.

export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export type LogSink = (line: string) => void;

const SECRET_KEY = /(token|secret|password|authorization|cookie|api[-_]?key|code_verifier|credential|private|^key$|^raw$)/i;
const REDACTED = '[redacted]';
const LEVELS: Record<Severity, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

/** Values that must never be printed, whatever field they end up in. Shared per process. */
const knownSecrets = new Set<string>();
export function registerSecretValue(value: string | undefined | null): void {
  if (value && value.length >= 8) knownSecrets.add(value);
}

export function hashUserId(uid: string): string {
  return createHash('sha256').update(`seven-functions:${uid}`).digest('hex').slice(0, 16);
}

export function createLogger(opts: { sink?: LogSink; level?: 'debug' | 'info' | 'warn' | 'error'; base?: LogFields } = {}): Logger {
  const sink = opts.sink ?? ((line) => process.stdout.write(`${line}\n`));
  const min = LEVELS[toSeverity(opts.level ?? 'info')];
  const make = (base: LogFields): Logger => {
    const emit = (severity: Severity, message: string, fields?: LogFields) => {
      if (LEVELS[severity] < min) return;
      const entry = { severity, message, ...redact(base), ...redact(fields ?? {}), time: new Date().toISOString() };
      sink(scrub(JSON.stringify(entry, errorReplacer)));
    };
    return {
      debug: (m, f) => emit('DEBUG', m, f),
      info: (m, f) => emit('INFO', m, f),
      warn: (m, f) => emit('WARNING', m, f),
      error: (m, f) => emit('ERROR', m, f),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(opts.base ?? {});
}

function toSeverity(level: string): Severity {
  return level === 'warn' ? 'WARNING' : (level.toUpperCase() as Severity);
}

export function redact(value: LogFields, depth = 0): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(value)) {
    // A count is never a credential: `tokens: 1234` (model usage) stays readable.
    if (SECRET_KEY.test(k) && typeof v !== 'number') out[k] = REDACTED;
    else if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Error) && depth < 4) out[k] = redact(v as LogFields, depth + 1);
    else out[k] = v;
  }
  return out;
}

function scrub(line: string): string {
  let out = line;
  for (const s of knownSecrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, code, stack: value.stack };
  }
  return value;
}
