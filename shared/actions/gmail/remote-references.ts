import { decodeHTML } from 'entities';

// Every address an HTML body would make a mail client fetch or link to (src, href, srcset,
// background, CSS url(...)), so the person approving sees where it points: a tracking pixel or
// an address carrying data out is then in plain view, not hidden behind innocent text.

const ATTRIBUTE = /\b(?:src|href|background|poster|action|data|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi;
const REMOTE = /^(?:https?:)?\/\//i;

export function remoteReferences(html: string): string[] {
  const found = new Set<string>();
  for (const re of [ATTRIBUTE, CSS_URL]) {
    for (const m of html.matchAll(re)) {
      const value = decodeHTML(m[1] ?? m[2] ?? m[3] ?? '').trim();
      // srcset lists "url size, url size".
      for (const candidate of value.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '')) {
        if (REMOTE.test(candidate)) found.add(candidate);
      }
    }
  }
  return [...found].sort();
}
