// Everything a Google route handler may touch, passed in explicitly so each route file is a pure
// function of (request, context) and the stores can be inspected by the control API.
import type { CalendarStore } from './calendar-store';
import type { GmailStore } from './gmail-store';
import type { ConsentBehavior } from './oauth-consent';
import type { OAuthState } from './oauth-state';
import type { CatalogVideo } from './youtube-catalog';
import type { YoutubeQuota } from './youtube-quota';

export interface GoogleContext {
  oauth: OAuthState;
  calendar: CalendarStore;
  gmail: GmailStore;
  videos: () => CatalogVideo[];
  quota: YoutubeQuota;
  apiKey: string;
  consent: ConsentBehavior;
  now: () => number;
}
