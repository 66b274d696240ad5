import type { HttpResponse } from './types';

// A 302 for browser flows (OAuth). Never cached, and no Referer leaves the page: the callback
// URL carries an authorization code and state.
export function sendRedirect(res: HttpResponse, location: string): void {
  res.statusCode = 302;
  res.setHeader('Location', location);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.end();
}
