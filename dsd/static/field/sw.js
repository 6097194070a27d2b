// Keeps the field day page and its assets for when there is no connection.
// Pages and assets are fetched from the network first and the copy refreshed;
// without a network the last copy is served. Writes never pass through here:
// the page keeps them in the browser until the server has them.
const CACHE = "dsd-field-v1";
const ASSETS = ["/static/site.css", "/static/field/field.css", "/static/field/field.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const cacheable = url.pathname.startsWith("/static/")
    || (url.pathname.startsWith("/field/") && !url.pathname.endsWith("/sw.js"));
  if (!cacheable) return;

  event.respondWith(
    fetch(request)
      .then((response) => {
        // A redirect to the sign-in page is not the day page; keep the old copy.
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request).then((cached) => cached || Response.error())),
  );
});
