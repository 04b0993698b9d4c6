import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** Two screens, so a router is a few lines of History API rather than a dependency. */
export type Route = { screen: 'interactions'; accountId: string; representativeId: string } | { screen: 'contact'; contactId: string };

const BASE = import.meta.env.BASE_URL;
const NAVIGATED = 'ctrlgraph:navigated';

export function routeOf(location: Location | URL): Route {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '';
  const contact = /^contacts\/([^/]+)$/.exec(path);
  if (contact?.[1]) return { screen: 'contact', contactId: decodeURIComponent(contact[1]) };
  const search = new URLSearchParams(location.search);
  return { screen: 'interactions', accountId: search.get('account') ?? '', representativeId: search.get('representative') ?? '' };
}

export function hrefOf(route: Route): string {
  if (route.screen === 'contact') return `${BASE}contacts/${encodeURIComponent(route.contactId)}`;
  const search = new URLSearchParams();
  if (route.accountId) search.set('account', route.accountId);
  if (route.representativeId) search.set('representative', route.representativeId);
  return search.size ? `${BASE}?${search}` : BASE;
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', hrefOf(route));
  else history.pushState(null, '', hrefOf(route));
  window.dispatchEvent(new Event(NAVIGATED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

/** Navigations so far, back and forward included: a screen shown again is a new visit. */
let visits = 0;
// Registered when the module loads, before any component subscribes, so that a component reads the new count.
window.addEventListener('popstate', () => void visits++);
window.addEventListener(NAVIGATED, () => void visits++);

/** The number of the visit on show: it changes with every navigation, and not when a screen renders again. */
export function useVisit(): number {
  return useSyncExternalStore(subscribe, () => visits);
}

/** The current URL as text, so components re-render on navigation (back/forward included). */
export function useHref(): string {
  return useSyncExternalStore(subscribe, () => location.href);
}

/** A real link (it opens in a new tab, copies, and works without script) that navigates in place on a plain click. */
export function Link({ to, ...props }: { to: Route } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a {...props} href={hrefOf(to)} onClick={onClick} />;
}
