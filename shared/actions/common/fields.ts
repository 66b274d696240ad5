import { z } from 'zod';

// Field schemas several actions share. Each carries its description, which becomes the Gemini
// parameter description and the OpenAPI description.

export const rfc3339 = (what: string) => z.iso.datetime({ offset: true }).describe(`${what}, RFC 3339 with a UTC offset. Example: "2026-03-01T09:30:00+01:00"`);

export const accountField = z
  .string()
  .min(1)
  .max(320)
  .regex(/^[^\r\n]+$/)
  .optional()
  .describe('Which connected account to use: its alias (e.g. "work") or address. Needed only when several are connected and none is the default.');

/** A single header-safe line: CR or LF would let a value inject headers. */
export const headerLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/[\r\n]/.test(s), { message: 'must not contain CR or LF characters' });

export const emailAddress = z
  .email()
  .max(254)
  .refine((s) => !/[\r\n]/.test(s), { message: 'must not contain CR or LF' });

export const ianaTimeZone = z.string().min(1).max(64).refine(isTimeZone, { message: 'must be an IANA time zone such as "Europe/Paris"' });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
