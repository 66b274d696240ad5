import { useEffect, useState } from 'preact/hooks';

// Hash routes (#/approvals/abc): the console is one static page, so Hosting needs no rewrite per
// screen, and a route never carries a token.

export interface Route {
  screen: 'chat' | 'approvals' | 'connections' | 'orders' | 'digests' | 'spending';
  id?: string;
}

const SCREENS: Route['screen'][] = ['chat', 'approvals', 'connections', 'orders', 'digests', 'spending'];

export function parseRoute(hash: string): Route {
  const [, screen = '', id] = hash.replace(/^#/, '').split('/');
  const known = SCREENS.find((s) => s === screen);
  return known ? { screen: known, id: id ? decodeURIComponent(id) : undefined } : { screen: 'chat' };
}

export function href(screen: Route['screen'], id?: string): string {
  return `#/${screen}${id ? `/${encodeURIComponent(id)}` : ''}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}
