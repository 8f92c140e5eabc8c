/**
 * Registers the service worker that lets a board page load with no network (a meeting room
 * that lost its Wi-Fi). Browsers only allow it on secure origins: https, or localhost.
 * Resources fetched before the worker took control are handed to it to cache.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const urls = [
        location.href,
        ...performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((u) => u.startsWith(location.origin)),
      ]
      registration.active?.postMessage({ type: 'cache-urls', urls })
    })
    .catch((err) => console.warn('service worker not registered', err))
}
