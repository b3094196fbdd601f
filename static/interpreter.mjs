// The interpreter module pyscript.toml names: Pyodide, started from the build's memory snapshot.
//
// PyScript imports this module and calls its loadPyodide(); we hand Pyodide the snapshot made at
// build time (tools/build/snapshot.mjs), the heap of an interpreter that has already imported
// everything start-up needs, so the page skips booting Python and importing (docs/architecture.md,
// "Start-up"). Anything wrong with the snapshot (missing, damaged, from another Pyodide build)
// means an ordinary start, never a page that does not start.
import * as pyodide from "./vendor/pyodide/pyodide.mjs";
import createPyodideModule from "./vendor/pyodide/pyodide.asm.mjs";

export const version = pyodide.version;
// PyScript passes the folder of this module; Pyodide's own files are in vendor/pyodide/.
const INDEX_URL = new URL("./vendor/pyodide/", import.meta.url).href;
const SNAPSHOT_URL = new URL("./vendor/snapshot.bin.gz", import.meta.url).href;

// The unpacked snapshot of the last start, kept in Cache Storage (which stores bodies as they are):
// a warm start reads it instead of inflating 9 MB into 38 MB again. It holds the build's heap, no
// user data. Its name is outside sw.js's "daypane-" prefix, so a new version's clean-up keeps it;
// a new snapshot (another ETag) replaces it at the next start.
const HEAP_CACHE = "unpacked-snapshot";
const VERSION_HEADER = "X-Snapshot-ETag";

// Fetched as soon as the module is evaluated: index.html runs this module before PyScript's, so
// downloading, unpacking or reading the kept copy overlap with PyScript's own start-up. One fetch
// per page even were the module evaluated twice (PyScript imports it again by its URL).
let snapshot = (globalThis.daypaneHeap ??= fetchSnapshot());
let snapshotFrom = "none";  // "kept" (Cache Storage) or "download" (unpacked from the .gz)

async function fetchSnapshot() {
  try {
    const response = await fetch(SNAPSHOT_URL, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    performance.mark("daypane:snapshot-response");
    const version = response.headers.get("ETag") || "";
    const kept = version ? await keptHeap(version) : null;
    if (kept) {
      response.body.cancel().catch(() => {});
      performance.mark("daypane:snapshot-fetched");
      snapshotFrom = "kept";
      return { bytes: kept };
    }
    // Gzipped by the build, not by the server: static hosts do not compress unknown types.
    const unpacked = response.body.pipeThrough(new DecompressionStream("gzip"));
    const bytes = new Uint8Array(await new Response(unpacked).arrayBuffer());
    performance.mark("daypane:snapshot-fetched");
    snapshotFrom = "download";
    if (version) keepHeap(bytes, version);
    return { bytes };
  } catch (error) {
    console.warn(`Daypane: starting without the memory snapshot (${error.message || error}).`);
    return null;
  }
}

async function keptHeap(version) {
  try {
    if (typeof caches === "undefined") return null;  // not a secure context
    const kept = await (await caches.open(HEAP_CACHE)).match(SNAPSHOT_URL);
    if (!kept || kept.headers.get(VERSION_HEADER) !== version) return null;
    return new Uint8Array(await kept.arrayBuffer());
  } catch {
    return null;  // unreadable: unpack from the download, as on a first visit
  }
}

function keepHeap(bytes, version) {
  if (typeof caches === "undefined") return;
  // The Response copies the bytes now (the heap itself is handed to Pyodide and then let go);
  // storing it is not awaited: a full disk only means the next start unpacks again.
  const body = new Response(bytes, { headers: { [VERSION_HEADER]: version } });
  caches.open(HEAP_CACHE).then((cache) => cache.put(SNAPSHOT_URL, body)).catch(() => {});
}

function forgetHeap() {
  if (typeof caches !== "undefined") caches.delete(HEAP_CACHE).catch(() => {});
}

export async function loadPyodide(options = {}) {
  options = { ...options, indexURL: INDEX_URL };
  const held = await snapshot;
  const heap = held && held.bytes;
  // 37 MB: let it go once copied into the heap (nothing else may keep it)
  if (held) held.bytes = null;
  snapshot = globalThis.daypaneHeap = null;
  if (heap) {
    try {
      const py = await pyodide.loadPyodide({
        ...options, _loadSnapshot: heap,
        createPyodideModule: withoutStackSwitching(withRoomFor(heap.length)),
      });
      delete py._api.config._loadSnapshot;  // Pyodide keeps its options for the page's lifetime
      freshen(py);
      started("restored", py);
      return py;
    } catch (error) {
      console.warn(`Daypane: the memory snapshot did not restore (${error.message || error}); starting afresh.`);
      forgetHeap();  // were the kept bytes damaged, the next start unpacks the download again
    }
  }
  const py = await pyodide.loadPyodide({
    ...options, createPyodideModule: withoutStackSwitching(createPyodideModule),
  });
  started("started", py);
  return py;
}

// Which way Python started, for the bench (a User Timing mark) and for tests and anyone debugging
// (<html data-interpreter>: Playwright's fake clock hides the page's marks).
function started(how, py) {
  performance.mark(`daypane:interpreter-${how}`);
  document.documentElement.dataset.interpreter = how;
  // "unknown" should a later Pyodide stop saying (its module's jspiSupported), so a test notices.
  const jspi = py._module.jspiSupported;
  document.documentElement.dataset.stackSwitching = jspi === false ? "off" : jspi ? "on" : "unknown";
  document.documentElement.dataset.heap = snapshotFrom;  // (data-snapshot is boot.js's painted view)
}

// Python runs on the page's own stack, never on WebAssembly's switched stacks (JSPI), which
// Pyodide uses wherever the browser has them. Chromium 156 crashes the tab ("Page crashed",
// SIGSEGV) when it records the native stack of a sampled allocation made on such a stack: its
// frame-pointer walker scans past the switched stack's end into the guard page. Chrome samples
// allocations in a random share of tabs (GWP-ASan, the heap profiler), so users saw a rare crash
// within a second of start-up. Daypane never needs run_sync, the one thing JSPI adds;
// the build's snapshot is made without JSPI too (Node). docs/architecture.md, "Start-up".
// Pyodide tests for JSPI once, synchronously, as its module factory starts.
function withoutStackSwitching(create) {
  return (settings) => {
    const hidden = {};
    for (const name of ["Suspending", "Suspender", "promising"]) {
      const property = Object.getOwnPropertyDescriptor(WebAssembly, name);
      if (property && delete WebAssembly[name]) hidden[name] = property;
    }
    try {
      return create(settings);
    } finally {
      Object.defineProperties(WebAssembly, hidden);  // as they were, for any other code
    }
  };
}

// Pyodide copies the snapshot over the new module's memory, which starts at the wasm's own initial
// size (its INITIAL_MEMORY setting is not read by this build) and is smaller than a heap that has
// imported our package: grow it first. The allocation itself is overwritten by the restore.
function withRoomFor(bytes) {
  return async (settings) => {
    const module = await createPyodideModule(settings);
    // malloc grows the memory only once its free space is used up: allocate until it has grown.
    const held = [];
    while (module.HEAP8.length < bytes) {
      const block = module._malloc(Math.max(bytes - module.HEAP8.length, 1 << 20));
      if (!block) break;
      held.push(block);
    }
    held.forEach((block) => module._free(block));
    if (module.HEAP8.length < bytes) throw new Error("the memory could not grow to the snapshot's size");
    return module;
  };
}

// A restored heap is the build machine's interpreter at the moment of the snapshot: what Python
// read then from its surroundings must be read again from this page's.
function freshen(py) {
  py.runPython([
    // Not the zone: Emscripten's localtime asks the JS Date on every call, and the app reads the
    // browser's zone from Intl (only time.timezone and time.tzname keep the build machine's UTC).
    "import sys",
    // Every page would otherwise draw the same sequence from `random` (secrets and uuid4 read
    // the browser's crypto source and need nothing).
    "sys.modules['random'].seed() if 'random' in sys.modules else None",
  ].join("\n"));
}
