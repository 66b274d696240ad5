import type { CartPilotFake } from '../../sandbox/cartpilot';
import type { GoogleFake } from '../../sandbox/google';
import type { XFake } from '../../sandbox/x';

// What the sandbox person's assistant did to the outside world, as the fakes recorded it: mails
// sent, posts made, calendar events created (with whether Google was asked to email the
// invitations) and purchases confirmed. Seeded posts and events are not in it.

export interface SandboxOutbox {
  mails: { id: string; from?: string; to: string[]; cc: string[]; subject?: string; text?: string }[];
  tweets: { id: string; text: string; inReplyTo?: string; createdAt: string }[];
  events: { id: string; summary?: string; start?: string; end?: string; attendees: string[]; sendUpdates?: string }[];
  purchases: number;
}

/** What the seed put there, so the outbox shows only what came after. */
export interface Seeded {
  tweets: Set<string>;
  events: Set<string>;
}

export function sandboxOutbox(f: { google: GoogleFake; x: XFake; cartpilot: CartPilotFake }, email: string, xUserId: string, seeded: Seeded): SandboxOutbox {
  return {
    mails: f.google.sentMessages(email).map((m) => ({ id: m.id, from: m.from, to: m.to, cc: m.cc, subject: m.subject, text: m.text })),
    tweets: f.x
      .tweets()
      .filter((t) => t.authorId === xUserId && !seeded.tweets.has(t.id))
      .map((t) => ({ id: t.id, text: t.text, inReplyTo: t.inReplyToTweetId, createdAt: t.createdAt })),
    events: f.google
      .calendarEvents(email)
      .filter((s) => !seeded.events.has(s.event.id))
      .map(({ event: e, sendUpdates }) => ({
        id: e.id,
        summary: e.summary,
        start: e.start.dateTime ?? e.start.date,
        end: e.end.dateTime ?? e.end.date,
        attendees: (e.attendees ?? []).map((a) => a.email),
        sendUpdates,
      })),
    purchases: f.cartpilot.confirmCalls(),
  };
}
