// Push notification state of the Google fake: Gmail watches (users.watch / users.stop), how far
// back each mailbox keeps history (older startHistoryIds answer 404), and Calendar channels
// (events.watch / channels.stop). Tests use `notifyCalendar` to make Google deliver a channel
// notification, and `gmailNotification` for the payload Gmail would publish to the watch topic.
import { randomBytes } from 'node:crypto';

export interface GmailWatchRecord {
  email: string;
  topicName: string;
  labelIds: string[];
  expiration: number;
}

export interface CalendarChannelRecord {
  id: string;
  resourceId: string;
  email: string;
  calendarId: string;
  address: string;
  token?: string;
  expiration: number;
  messageNumber: number;
  stopped: boolean;
}

export interface NotifyResult {
  status: number;
  body: string;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export class PushState {
  readonly gmailWatches = new Map<string, GmailWatchRecord>();
  readonly calendarChannels = new Map<string, CalendarChannelRecord>();
  private readonly historyFloors = new Map<string, bigint>();

  constructor(private readonly now: () => number) {}

  watchGmail(email: string, topicName: string, labelIds: string[]): GmailWatchRecord {
    const record = { email: email.toLowerCase(), topicName, labelIds, expiration: this.now() + WEEK_MS };
    this.gmailWatches.set(record.email, record);
    return record;
  }

  /** History at or below `historyId` is gone: list from an older start answers 404. */
  expireHistory(email: string, historyId: string): void {
    this.historyFloors.set(email.toLowerCase(), BigInt(historyId));
  }

  historyAvailable(email: string, startHistoryId: string): boolean {
    return BigInt(startHistoryId) >= (this.historyFloors.get(email.toLowerCase()) ?? 0n);
  }

  openChannel(c: Omit<CalendarChannelRecord, 'resourceId' | 'messageNumber' | 'stopped' | 'expiration'> & { ttlSec?: number }): CalendarChannelRecord {
    const { ttlSec, ...rest } = c;
    const record = {
      ...rest,
      resourceId: randomBytes(12).toString('base64url'),
      expiration: this.now() + (ttlSec ?? 7 * 24 * 3600) * 1000,
      messageNumber: 0,
      stopped: false,
    };
    this.calendarChannels.set(record.id, record);
    return record;
  }

  /** POSTs a notification to every live channel on the calendar, as Google does. */
  async notifyCalendar(email: string, calendarId: string, state: 'sync' | 'exists' = 'exists'): Promise<NotifyResult[]> {
    const id = (calendarId === 'primary' ? email : calendarId).toLowerCase();
    const live = [...this.calendarChannels.values()].filter(
      (c) => !c.stopped && c.email === email.toLowerCase() && c.calendarId === id && c.expiration > this.now(),
    );
    return Promise.all(live.map((c) => this.deliver(c, state)));
  }

  async deliver(
    c: CalendarChannelRecord,
    state: 'sync' | 'exists',
    override: Partial<Record<'token' | 'resourceId' | 'id', string>> = {},
  ): Promise<NotifyResult> {
    c.messageNumber += 1;
    const headers: Record<string, string> = {
      'x-goog-channel-id': override.id ?? c.id,
      'x-goog-resource-id': override.resourceId ?? c.resourceId,
      'x-goog-resource-state': state,
      'x-goog-resource-uri': `https://www.googleapis.com/calendar/v3/calendars/${encodeURIComponent(c.calendarId)}/events?alt=json`,
      'x-goog-message-number': String(c.messageNumber),
      'x-goog-channel-expiration': new Date(c.expiration).toUTCString(),
    };
    const token = override.token ?? c.token;
    if (token !== undefined) headers['x-goog-channel-token'] = token;
    const res = await fetch(c.address, { method: 'POST', headers });
    return { status: res.status, body: await res.text() };
  }
}
