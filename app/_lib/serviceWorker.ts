import { afterQuiet } from './whenIdle'

/**
 * How long the page must go without input before the service worker is registered. Its start
 * and first caching (the page's 3 MB of scripts, tldraw's fonts) took ~0.4 s of the browser's
 * CPU while a visitor's board was loading and answering its first clicks; it matters only for
 * a later visit with no network.
 */
const REGISTER_AFTER_QUIET_MS = 3000

/**
 * Registers the service worker that lets a board page load with no network (a meeting room
 * that lost its Wi-Fi), once the page has been left alone for a moment (above). Browsers only
 * allow it on secure origins: https, or localhost. The resources fetched before it took
 * control, and `precache` (files the page has not needed yet, such as fonts), are handed to
 * it to cache. Returns a function that cancels a registration not yet begun.
 */
export function registerServiceWorker(precache: readonly string[] = []): () => void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return () => {}
  return afterQuiet(() => {
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
          ...precache.map((u) => new URL(u, location.href).href),
        ]
        registration.active?.postMessage({ type: 'cache-urls', urls })
      })
      .catch((err) => console.warn('service worker not registered', err))
  }, REGISTER_AFTER_QUIET_MS)
}
