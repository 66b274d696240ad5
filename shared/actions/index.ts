import type { AnyAction } from './define-action';
import { listCalendarEvents } from './calendar/list-calendar-events';
import { createCalendarEvent } from './calendar/create-calendar-event';
import { findFreeTime } from './calendar/find-free-time';
import { sendEmail } from './gmail/send-email';
import { listRecentEmails } from './gmail/list-recent-emails';
import { searchYoutube } from './youtube/search-youtube';
import { postTweet } from './x/post-tweet';
import { createIntent } from './cartpilot/create-intent';
import { getIntentOffers } from './cartpilot/get-intent-offers';
import { getOfferDetails } from './cartpilot/get-offer-details';
import { createCheckout } from './cartpilot/create-checkout';
import { getCheckout } from './cartpilot/get-checkout';
import { quoteCheckout } from './cartpilot/quote-checkout';
import { requestApproval } from './cartpilot/request-approval';
import { approveCheckout } from './cartpilot/approve-checkout';
import { confirmCheckout } from './cartpilot/confirm-checkout';
import { getOrderStatus } from './cartpilot/get-order-status';
import { listOrders } from './cartpilot/list-orders';
import { cancelOrder } from './cartpilot/cancel-order';
import { requestRefund } from './cartpilot/request-refund';

// THE registry. The HTTP functions, Gemini declarations, OpenAPI document, deploy manifest and
// the registry-driven tests all iterate this list; an action added here needs nothing else.
export const actions: readonly AnyAction[] = [
  listCalendarEvents,
  createCalendarEvent,
  findFreeTime,
  sendEmail,
  listRecentEmails,
  searchYoutube,
  postTweet,
  createIntent,
  getIntentOffers,
  getOfferDetails,
  createCheckout,
  getCheckout,
  quoteCheckout,
  requestApproval,
  approveCheckout,
  confirmCheckout,
  getOrderStatus,
  listOrders,
  cancelOrder,
  requestRefund,
] as unknown as readonly AnyAction[];

export function actionByName(name: string): AnyAction | undefined {
  return actions.find((a) => a.name === name || a.functionName === name);
}
