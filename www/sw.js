// Earthmover's service worker: after one visit the app opens and trains with no network.
// www/postbuild.mjs fills in this build's version and files.
//
// - Every build has its own cache, named by its version; installing precaches the build (page,
//   styles, the page's wasm and the CPU training worker), and activating deletes the caches of
//   other builds.
// - The page itself is fetched from the network first, so a new deployment is picked up on the
//   next reload; only when the network fails does the cached page answer.
// - Everything else is answered from this build's cache. The worker's file names carry a hash
//   of their content, so a page can only ever load the worker of its own build.
// - The MNIST digits and the WebGPU worker are cached the first time they are fetched: only a
//   browser with a WebGPU adapter loads that worker, and it does so on its first visit.
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const LAZY = __LAZY__;
const CACHE = `earthmover-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('earthmover-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    // Network first: a new deployment shows on reload. Offline, this build's page.
    // The network's page is not cached here: it may be a newer build than this cache holds.
    event.respondWith(fetch(req).catch(() => caches.open(CACHE).then((c) => c.match('./'))));
    return;
  }
  const name = url.pathname.split('/').pop();
  event.respondWith(
    caches.open(CACHE).then(async (c) => {
      const hit = await c.match(req, { ignoreSearch: true });
      if (hit) return hit;
      const res = await fetch(req);
      if (res.ok && LAZY.includes(name)) await c.put(req, res.clone());
      return res;
    }),
  );
});
