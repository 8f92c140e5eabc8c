// Coalition Canvas service worker: the app shell keeps loading when the network is gone.
// - board pages and the home page: network first, the last good copy when offline;
// - Next's hashed static files and tldraw's fonts/icons/translations: cache first;
// - the API, the websocket and health checks: never cached.
const CACHE = 'cc-shell-v1'

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache-urls') return
  const urls = event.data.urls.filter((u) => typeof u === 'string' && cacheable(new URL(u)))
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(urls.map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => undefined)))),
    ),
  )
})

function cacheable(url) {
  if (url.origin !== self.location.origin) return false
  return !/^\/(api|yjs|healthz)(\/|$)/.test(url.pathname)
}

function immutable(url) {
  return url.pathname.startsWith('/_next/static/') || url.pathname.startsWith('/tldraw/')
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (!cacheable(url)) return
  if (immutable(url)) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((response) => {
            if (response.ok) caches.open(CACHE).then((c) => c.put(request, response.clone()))
            return response
          }),
      ),
    )
    return
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && response.type === 'basic') caches.open(CACHE).then((c) => c.put(request, response.clone()))
        return response
      })
      .catch(() => caches.match(request, { ignoreVary: true }).then((hit) => hit || Response.error())),
  )
})
