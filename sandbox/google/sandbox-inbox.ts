// The sandbox person's inbox: colleagues, a friend, a bill, a shipment, a trip, a newsletter and a
// security notice, read and unread, so inbox questions and digests have something real to say.
import type { SeedMessage } from './gmail-store';

const HOUR = 3_600_000;

export function sandboxInbox(now: number): SeedMessage[] {
  return [
    {
      from: 'Ana Souza <ana@example.com>',
      subject: 'Slides for Thursday',
      body: "Hi! I've attached the draft slides for the planning review. Could you look at the budget section before Thursday?\n\nThanks,\nAna",
      date: now - 2 * HOUR,
    },
    {
      from: 'Ana Souza <ana@example.com>',
      subject: 'Friday offsite: agenda draft',
      body: 'Proposed agenda for Friday: 9:30 kickoff, 11:00 roadmap, 14:00 hack session, 17:00 drinks. Anything to add?',
      date: now - 3 * HOUR,
    },
    {
      from: 'Acme Billing <billing@acme.example>',
      subject: 'Your invoice #10492 is ready',
      body: 'Your monthly invoice of $42.00 is available. Payment is due in 14 days.',
      date: now - 5 * HOUR,
    },
    {
      from: 'Parcel Express <tracking@parcels.example>',
      subject: 'Your package is out for delivery',
      body: 'Package PX-88213 will arrive today between 14:00 and 18:00. No signature needed.',
      date: now - 7 * HOUR,
      labelIds: ['INBOX', 'CATEGORY_UPDATES'],
    },
    {
      from: 'Bruno Lima <bruno@example.com>',
      subject: 'Re: Weekend hike?',
      body: 'Saturday works for me. Meet at the trailhead at 8?',
      date: now - 26 * HOUR,
      unread: false,
    },
    {
      from: 'SkyLine Airways <no-reply@skyline.example>',
      subject: 'Booking confirmed: GRU → LIS, seat 14C',
      body: 'Your flight SL 482 departs São Paulo (GRU) on the 5th at 21:40 and lands in Lisbon at 11:05. Check-in opens 48 h before.',
      date: now - 28 * HOUR,
      unread: false,
    },
    {
      from: 'TechNews Daily <newsletter@technews.example>',
      subject: 'Today in tech: serverless, AI assistants & more',
      body: 'The top stories of the day, curated for you.',
      date: now - 30 * HOUR,
      labelIds: ['INBOX', 'CATEGORY_UPDATES'],
    },
    {
      from: 'Google <no-reply@accounts.google.example>',
      subject: 'Security alert: new sign-in on Linux',
      body: 'We noticed a new sign-in to your account. If this was you, you do not need to do anything.',
      date: now - 50 * HOUR,
      unread: false,
    },
  ];
}
