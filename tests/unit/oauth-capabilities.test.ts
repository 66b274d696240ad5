import { describe, expect, it } from 'vitest';
import { scopesForCapabilities } from '../../shared/oauth/capabilities';
import { CALENDAR_EVENTS, GMAIL_READONLY, GMAIL_SEND } from '../../shared/connections/scopes';

describe('capabilities → scopes', () => {
  it('maps Google capabilities to their minimal scopes plus identity', () => {
    expect(scopesForCapabilities('google', 'calendar, gmail.send')).toEqual(['openid', 'email', CALENDAR_EVENTS, GMAIL_SEND]);
  });

  it('always asks X for users.read and offline.access', () => {
    expect(scopesForCapabilities('x', 'tweet').sort()).toEqual(['offline.access', 'tweet.read', 'tweet.write', 'users.read']);
  });

  it('reconnects with what the account had when no capability is named', () => {
    expect(scopesForCapabilities('google', undefined, ['openid', GMAIL_READONLY])).toEqual(['openid', 'email', GMAIL_READONLY]);
  });

  it('asks for every capability when none is named and nothing was connected', () => {
    expect(scopesForCapabilities('google', '')).toEqual(expect.arrayContaining([CALENDAR_EVENTS, GMAIL_READONLY, GMAIL_SEND]));
  });

  it('refuses unknown capabilities, listing the known ones', () => {
    expect(() => scopesForCapabilities('google', 'calendar,drive')).toThrowError(/Unknown google capability: drive/);
    try {
      scopesForCapabilities('google', 'drive');
    } catch (e) {
      expect((e as { details?: unknown }).details).toMatchObject({ unknown: ['drive'], known: expect.arrayContaining(['calendar', 'gmail.send']) });
    }
  });
});
