import type { AnyAction } from './define-action';
import { listCalendarEvents } from './calendar/list-calendar-events';
import { createCalendarEvent } from './calendar/create-calendar-event';
import { sendEmail } from './gmail/send-email';
import { listRecentEmails } from './gmail/list-recent-emails';
import { searchYoutube } from './youtube/search-youtube';
import { postTweet } from './x/post-tweet';

// THE registry. The HTTP functions, Gemini declarations, OpenAPI document, deploy manifest and
// the registry-driven tests all iterate this list; an action added here needs nothing else.
export const actions: readonly AnyAction[] = [
  listCalendarEvents,
  createCalendarEvent,
  sendEmail,
  listRecentEmails,
  searchYoutube,
  postTweet,
] as unknown as readonly AnyAction[];

export function actionByName(name: string): AnyAction | undefined {
  return actions.find((a) => a.name === name || a.functionName === name);
}
