// The console's security headers, one definition for both hosts: the dev host (`npm start`)
// sends them with every console file, and firebase.json's Hosting `headers` are generated from
// them. No inline script anywhere (script-src has no 'unsafe-inline'), nothing may frame the
// console, and the page can only talk to its own origin (plus, in production, Google's sign-in
// endpoints and Cloud Functions' own URLs, where chat and approvals are called because a turn may
// outlast the 60 s Hosting waits: console-site.ts, shared/http/console-cors.ts).
//
// style-src allows 'unsafe-inline' on purpose: an email's HTML is shown in a sandboxed srcdoc
// iframe, which inherits this policy, and its inline styles are what makes it look "as it will be
// sent". Scripts stay blocked in the frame (sandbox without allow-scripts, and script-src here);
// remote images are blocked by img-src, which is why the card names them.

export type ConsoleAuth = 'dev' | 'firebase';

/** Cloud Functions serves every function at https://<region>-<project>.cloudfunctions.net/<name>. */
export const CLOUD_FUNCTIONS_DOMAIN = '.cloudfunctions.net';

/** Where Firebase Auth's Google sign-in (popup + its helper iframe) talks to, and the functions' own URLs. */
const FIREBASE_AUTH = {
  script: ['https://apis.google.com'],
  connect: ['https://identitytoolkit.googleapis.com', 'https://securetoken.googleapis.com', `https://*${CLOUD_FUNCTIONS_DOMAIN}`],
  frame: ['https://*.firebaseapp.com', 'https://accounts.google.com'],
};

export function contentSecurityPolicy(auth: ConsoleAuth): string {
  const extra = auth === 'firebase' ? FIREBASE_AUTH : { script: [], connect: [], frame: [] };
  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'", ...extra.script]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...extra.connect]],
    ['frame-src', ["'self'", ...extra.frame]],
    ['form-action', ["'self'"]],
    ['base-uri', ["'none'"]],
    ['object-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

export function consoleHeaders(auth: ConsoleAuth): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(auth),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // The Google sign-in popup must be able to report back to its opener.
    'Cross-Origin-Opener-Policy': auth === 'firebase' ? 'same-origin-allow-popups' : 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}
