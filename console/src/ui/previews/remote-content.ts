// Finds what an email's HTML would load from the network: images, stylesheets, fonts, media,
// CSS url(…) and legacy background attributes. Parsed with DOMParser, which builds an inert
// document (nothing is fetched, no script runs). The card names each one, since the frame blocks
// them (they are how senders track opens).

export interface RemoteRef {
  kind: string;
  url: string;
}

const ATTRS: [string, string, string][] = [
  ['img', 'src', 'image'],
  ['img', 'srcset', 'image'],
  ['source', 'src', 'media'],
  ['source', 'srcset', 'image'],
  ['video', 'poster', 'image'],
  ['video', 'src', 'media'],
  ['audio', 'src', 'media'],
  ['link', 'href', 'stylesheet'],
  ['iframe', 'src', 'frame'],
  ['embed', 'src', 'embed'],
  ['object', 'data', 'embed'],
  ['input', 'src', 'image'],
  ['body', 'background', 'image'],
  ['table', 'background', 'image'],
  ['td', 'background', 'image'],
];
const CSS_URL = /url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3/gi;

export function remoteContent(html: string): RemoteRef[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const found: RemoteRef[] = [];
  for (const [tag, attr, kind] of ATTRS) {
    for (const el of doc.querySelectorAll(`${tag}[${attr}]`)) {
      const value = el.getAttribute(attr) ?? '';
      const urls = attr === 'srcset' ? value.split(',').map((s) => s.trim().split(/\s+/)[0] ?? '') : [value];
      for (const url of urls) if (isRemote(url)) found.push({ kind, url });
    }
  }
  const css = [...doc.querySelectorAll('style')]
    .map((s) => s.textContent ?? '')
    .concat([...doc.querySelectorAll('[style]')].map((e) => e.getAttribute('style') ?? ''));
  for (const text of css) for (const m of text.matchAll(CSS_URL)) if (isRemote(m[2] ?? m[4] ?? '')) found.push({ kind: 'css', url: m[2] ?? m[4] ?? '' });
  return dedupe(found);
}

function isRemote(url: string): boolean {
  return /^(https?:)?\/\//i.test(url.trim());
}

function dedupe(refs: RemoteRef[]): RemoteRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(r.url) && seen.add(r.url));
}
