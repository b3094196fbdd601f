// Daypane's service worker: serves the app shell and the self-hosted runtime from a versioned
// cache, so the app starts offline and a new version is offered, never switched under the user.
//
// It lives at the site root because a worker controls only URLs under its own folder, and static
// hosts (GitHub Pages) cannot send Service-Worker-Allowed. Every URL here is relative to it, so
// the site works under any base path.
//
// The build (tools/build.py) replaces the PRECACHE line with the list of every file it produced
// and a hash of their contents: the list is never kept by hand, and any change to any file gives
// a new cache name, which is what makes the browser see a new worker.
"use strict";

const PRECACHE = {"version": "dev", "files": {}}; // generated: {version, files: {url: sha256}}

const PREFIX = "daypane-";
const CACHE = PREFIX + PRECACHE.version;
const MANIFEST_KEY = "./precache-manifest.json"; // the url -> hash map of this cache's files
const scope = new URL("./", self.location).href;
const key = (url) => new URL(url, scope).href;
const shell = new Set(Object.keys(PRECACHE.files).map(key));
// Opened once: caches.open per request costs a round trip into the cache backend.
let opened = null;
const cache = () => opened || (opened = caches.open(CACHE));

self.addEventListener("install", (event) => {
  event.waitUntil(precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
  })());
});

// The page asks the waiting worker to take over once the user chose "Reload".
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // Everything else (the providers the user connected, anything not built by us) goes to the
  // network untouched: the worker never sees or stores calendar data or tokens.
  if (url.origin !== self.location.origin) return;
  let target = url.origin + url.pathname;
  // The app page answers every navigation to the site root, with or without a query
  // (?admin_consent=... lands there) or index.html.
  if (request.mode === "navigate" && target === scope) target = key("./index.html");
  if (!shell.has(target)) return;
  event.respondWith(fromCache(target, request));
});

async function fromCache(target, request) {
  const hit = await (await cache()).match(target);
  // A miss means the cache was evicted under storage pressure: the network still works.
  return hit || fetch(request);
}

// Fill the new cache: files whose hash is unchanged are copied from the previous version's cache
// (an update that changes our code does not download the 10 MB runtime again); the rest are
// fetched revalidating the HTTP cache, so a stale copy never lands under a new version.
async function precache() {
  const target = await caches.open(CACHE);
  const previous = await previousCache();
  await Promise.all(Object.entries(PRECACHE.files).map(async ([url, hash]) => {
    if (previous && previous.hashes[url] === hash) {
      const copy = await previous.cache.match(key(url));
      if (copy) return target.put(key(url), copy);
    }
    const response = await fetch(key(url), {cache: "no-cache"});
    if (!response.ok) throw new Error(`precache: ${url} answered ${response.status}`);
    return target.put(key(url), response);
  }));
  // Written last: a cache holding the manifest is complete.
  await target.put(key(MANIFEST_KEY), new Response(JSON.stringify(PRECACHE.files),
    {headers: {"Content-Type": "application/json"}}));
}

async function previousCache() {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const old = await caches.open(name);
    const manifest = await old.match(key(MANIFEST_KEY));
    if (manifest) return {cache: old, hashes: await manifest.json()};
  }
  return null;
}
