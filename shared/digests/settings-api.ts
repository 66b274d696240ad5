import { z } from 'zod';
import type { Runtime } from '../runtime/runtime';
import type { Caller } from '../auth/identity';
import { AppError } from '../errors';
import { emailAddress, ianaTimeZone } from '../actions/common/fields';
import { DigestStore } from './digest-store';
import { DEFAULT_SETTINGS, DigestSettingsStore, type DigestSettings } from './settings-store';

// digest-settings' wire format (snake_case, like the actions) and its two operations.

export const SettingsInput = z.strictObject({
  enabled: z.boolean().describe('Send a daily digest.'),
  local_hour: z.int().min(0).max(23).describe('Local hour (0–23) the digest is sent at.'),
  time_zone: ianaTimeZone.describe('IANA time zone, e.g. "Europe/London".'),
  sections: z
    .strictObject({
      calendar: z.boolean().default(true),
      email: z.boolean().default(true),
      orders: z.boolean().default(true),
      youtube_searches: z
        .array(
          z
            .string()
            .trim()
            .min(1)
            .max(100)
            .regex(/^[^\r\n]+$/),
        )
        .max(5)
        .default([])
        .describe('Saved YouTube searches (up to 5).'),
    })
    .default({ calendar: true, email: true, orders: true, youtube_searches: [] }),
  delivery_address: emailAddress.nullable().optional().describe("Where to send it; default: the user's own Gmail. Must be one of the user's own addresses."),
});

const RECENT = 7;

export async function readSettings(runtime: Runtime, caller: Caller) {
  const now = () => runtime.clock.now();
  const [stored, recent, google] = await Promise.all([
    new DigestSettingsStore(runtime.stores.db, now).get(caller.uid),
    new DigestStore(runtime.stores.db, now).recent(caller.uid, RECENT),
    runtime.stores.connections.list(caller.uid, 'google'),
  ]);
  const settings: DigestSettings = stored ?? DEFAULT_SETTINGS;
  const own = google.find((c) => c.isDefault) ?? google[0];
  return {
    settings: {
      ...toWire(settings),
      delivery_address: settings.deliveryAddress ?? own?.email ?? own?.account ?? null,
      next_due_at: stored?.nextDueAt ? new Date(stored.nextDueAt).toISOString() : null,
    },
    recent_digests: recent.map((d) => ({
      local_date: d.localDate,
      state: d.state,
      subject: d.subject,
      sent_to: d.sentTo,
      sent_at: d.sentAt,
      text: d.text,
      notice: d.notice,
      counts: d.counts,
    })),
  };
}

export async function writeSettings(runtime: Runtime, caller: Caller, input: z.infer<typeof SettingsInput>): Promise<void> {
  const address = input.delivery_address ?? null;
  if (address) await requireOwnAddress(runtime, caller, address);
  const settings: DigestSettings = {
    enabled: input.enabled,
    hour: input.local_hour,
    timeZone: input.time_zone,
    sections: {
      calendar: input.sections.calendar,
      email: input.sections.email,
      orders: input.sections.orders,
      youtubeSearches: input.sections.youtube_searches,
    },
    deliveryAddress: address,
  };
  await new DigestSettingsStore(runtime.stores.db, () => runtime.clock.now()).put(caller.uid, settings);
}

// The digest is mailed from the user's Gmail: sending it to a stranger's address would make this
// backend a way to mail anyone daily from someone's account, so only their own addresses count.
async function requireOwnAddress(runtime: Runtime, caller: Caller, address: string): Promise<void> {
  const google = await runtime.stores.connections.list(caller.uid, 'google');
  const own = new Set([caller.email, ...google.map((c) => c.email ?? c.account)].filter((x): x is string => Boolean(x)).map((x) => x.toLowerCase()));
  if (!own.has(address.toLowerCase())) {
    throw new AppError('invalid_input', 'delivery_address must be one of your own addresses (a connected Google account or your sign-in email).', {
      details: { issues: [{ path: ['delivery_address'], message: 'not one of your addresses' }] },
    });
  }
}

function toWire(s: DigestSettings) {
  return {
    enabled: s.enabled,
    local_hour: s.hour,
    time_zone: s.timeZone,
    sections: { calendar: s.sections.calendar, email: s.sections.email, orders: s.sections.orders, youtube_searches: s.sections.youtubeSearches },
    delivery_address: s.deliveryAddress,
  };
}
