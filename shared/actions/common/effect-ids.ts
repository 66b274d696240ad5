import { createHash } from 'node:crypto';

// Provider-side ids derived from an effect id, so every attempt of one effect names the same
// thing at the provider: a repeat is then either refused as a duplicate (Calendar) or findable
// (Gmail's Message-ID). Hashed, so an approval id or Idempotency-Key never appears as such.

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

function digest(kind: string, effectId: string): Buffer {
  return createHash('sha256').update(`${kind}|${effectId}`).digest();
}

/** Calendar event ids: base32hex (a–v, 0–9), 5–1024 characters (events.insert `id`). */
export function calendarEventId(effectId: string): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest('calendar-event', effectId)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** An RFC 5322 Message-ID in the sender's domain. */
export function emailMessageId(effectId: string, from: string): string {
  const domain = from.slice(from.lastIndexOf('@') + 1) || 'localhost';
  return `<sf-${digest('gmail-message', effectId).toString('hex').slice(0, 40)}@${domain}>`;
}
