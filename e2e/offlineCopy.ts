/**
 * Whether the page can be reloaded with no network: the service worker controls it and its
 * cache holds the page itself and every script and style sheet the page loaded. (A count of
 * cached entries is not enough: the worker caches them all at once, in no set order.)
 *
 * A script's source, for `page.evaluate`, and awaited by it: the e2e tests (fixtures.ts) and the
 * bench's reopened board (bench/browserBoard.ts) poll it. Source text rather than a function,
 * because tsx adds a name-keeping helper to functions that does not exist in the page.
 */
export const OFFLINE_COPY_READY = `(async () => {
  if (!navigator.serviceWorker?.controller) return false
  const needed = [
    location.href,
    ...performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.startsWith(location.origin + '/_next/static/')),
  ]
  for (const url of needed) if (!(await caches.match(url, { ignoreVary: true }))) return false
  return true
})()`
