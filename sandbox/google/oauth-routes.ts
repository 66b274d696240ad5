// Google's identity endpoints, mounted on the same loopback server as the APIs. In production
// they live on other hosts (oauth2.googleapis.com, accounts.google.com, openidconnect…), which
// is why clients take them as separate URL settings.
import type { Route } from '../fake-server';
import type { GoogleContext } from './context';
import { handleConsent } from './oauth-consent';
import { handleRevoke } from './oauth-revoke';
import { handleToken } from './oauth-token';
import { handleTokeninfo, handleUserinfo } from './userinfo';

export function oauthRoutes(ctx: GoogleContext): Route[] {
  return [
    { method: 'POST', pattern: /^\/token$/, handle: (req) => handleToken(req, ctx.oauth) },
    { method: 'POST', pattern: /^\/revoke$/, handle: (req) => handleRevoke(req, ctx.oauth) },
    { method: 'GET', pattern: /^\/o\/oauth2\/v2\/auth$/, handle: (req) => handleConsent(req, ctx.oauth, ctx.consent) },
    { method: 'GET', pattern: /^\/oauth2\/v3\/userinfo$/, handle: (req) => handleUserinfo(req, ctx.oauth, 'v3') },
    { method: 'GET', pattern: /^\/oauth2\/v2\/userinfo$/, handle: (req) => handleUserinfo(req, ctx.oauth, 'v2') },
    { method: 'GET', pattern: /^\/tokeninfo$/, handle: (req) => handleTokeninfo(req, ctx.oauth) },
    { method: 'POST', pattern: /^\/tokeninfo$/, handle: (req) => handleTokeninfo(req, ctx.oauth) },
  ];
}
