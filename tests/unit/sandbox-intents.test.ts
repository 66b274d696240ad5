import { describe, expect, it } from 'vitest';
import { understand } from '../../sandbox/gemini/sandbox-intents';
import { parseWhen, resolveWhen } from '../../sandbox/gemini/sandbox-when';

// The sandbox model's reading of a message: which journey, with which details. Deterministic
// rules, so each phrasing the README documents is pinned here.

describe('the sandbox model understands', () => {
  it('shopping, with or without a budget', () => {
    expect(understand('buy a coffee grinder')).toEqual({ kind: 'shop', query: 'coffee grinder' });
    expect(understand('Find me some wireless headphones under 100 dollars')).toEqual({
      kind: 'shop',
      query: 'wireless headphones',
      budget: { amount: 10_000, currency: 'USD' },
    });
    expect(understand('I want to buy a moka pot below €40.50')).toEqual({ kind: 'shop', query: 'moka pot', budget: { amount: 4050, currency: 'EUR' } });
    expect(understand('what happened to my order?')).toEqual({ kind: 'order_status' });
    // Where the merchant sends order mail: a shopping detail, not an email to write.
    expect(understand('Buy a coffee grinder, order updates to ana@example.com')).toEqual({
      kind: 'shop',
      query: 'coffee grinder',
      orderMailTo: 'ana@example.com',
    });
    expect(understand('send the updates to ana@example.com')).toMatchObject({ kind: 'email', to: ['ana@example.com'] });
  });

  it('YouTube searches, and whether to post the best one', () => {
    expect(understand('Search YouTube for serverless talks and tweet the best one')).toEqual({ kind: 'youtube', query: 'serverless talks', tweet: true });
    expect(understand('find a video about sourdough')).toEqual({ kind: 'youtube', query: 'sourdough', tweet: false });
  });

  it('events to schedule, with day, time and attendees', () => {
    expect(understand('schedule lunch with Ana tomorrow at noon')).toEqual({
      kind: 'schedule',
      summary: 'Lunch with Ana',
      when: { day: { offset: 1 }, hour: 12, minute: 0, durationMin: 60 },
      attendees: [],
      invite: false,
    });
    expect(understand('book a review with bo@example.com on Friday at 3pm for 30 minutes')).toMatchObject({
      kind: 'schedule',
      summary: 'Review',
      when: { day: { weekday: 5 }, hour: 15, minute: 0, durationMin: 30 },
      attendees: ['bo@example.com'],
      invite: false,
    });
    expect(understand('Schedule a design review with bo@example.com tomorrow at 3pm and invite them')).toMatchObject({
      kind: 'schedule',
      summary: 'Design review',
      attendees: ['bo@example.com'],
      invite: true,
    });
  });

  it('emails with subject and body taken from the message', () => {
    expect(understand('email ana@example.com about Friday: can we start at 10?')).toEqual({
      kind: 'email',
      to: ['ana@example.com'],
      subject: 'Friday',
      body: 'can we start at 10?',
    });
    expect(understand('send a note to ana@example.com')).toMatchObject({ kind: 'email', to: ['ana@example.com'], body: undefined });
  });

  it('reads, posts, and what it cannot map', () => {
    expect(understand("what's my day?")).toEqual({ kind: 'day' });
    expect(understand('What is on my calendar this week?')).toEqual({ kind: 'calendar', days: 7 });
    expect(understand('any unread emails?')).toEqual({ kind: 'inbox', unread: true });
    expect(understand('Post a tweet saying hello')).toEqual({ kind: 'tweet', text: 'hello' });
    expect(understand('tell me a joke')).toEqual({ kind: 'unknown' });
  });
});

describe('times in the person’s zone', () => {
  it('turns "tomorrow at noon" into an instant with the zone’s offset', () => {
    const when = parseWhen('lunch tomorrow at noon');
    // 01:30 UTC on 1 Dec is still 30 Nov in São Paulo (UTC−3): "tomorrow" there is 1 Dec.
    expect(when && resolveWhen(when, Date.parse('2026-12-01T01:30:00Z'), 'America/Sao_Paulo')).toEqual({
      date: '2026-12-01',
      start: '2026-12-01T12:00:00-03:00',
      end: '2026-12-01T13:00:00-03:00',
    });
    const friday = parseWhen('on friday at 9:30am');
    expect(friday && resolveWhen(friday, Date.parse('2026-07-01T10:00:00Z'), 'Europe/Paris').start).toBe('2026-07-03T09:30:00+02:00');
  });
});
