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

// Fetched as soon as the module is evaluated (index.html preloads it with the same mode), so
// downloading and unpacking overlap with fetching the runtime.
let snapshot = fetchSnapshot();

async function fetchSnapshot() {
  try {
    const response = await fetch(SNAPSHOT_URL, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    performance.mark("daypane:snapshot-response");
    // Gzipped by the build, not by the server: static hosts do not compress unknown types.
    const unpacked = response.body.pipeThrough(new DecompressionStream("gzip"));
    const bytes = new Uint8Array(await new Response(unpacked).arrayBuffer());
    performance.mark("daypane:snapshot-fetched");
    return bytes;
  } catch (error) {
    console.warn(`Daypane: starting without the memory snapshot (${error.message || error}).`);
    return null;
  }
}

export async function loadPyodide(options = {}) {
  options = { ...options, indexURL: INDEX_URL };
  const heap = await snapshot;
  snapshot = null;  // 37 MB: let it go once copied into the heap (nothing else may keep it)
  if (heap) {
    try {
      const py = await pyodide.loadPyodide({
        ...options, _loadSnapshot: heap, createPyodideModule: withRoomFor(heap.length),
      });
      delete py._api.config._loadSnapshot;  // Pyodide keeps its options for the page's lifetime
      freshen(py);
      started("restored");
      return py;
    } catch (error) {
      console.warn(`Daypane: the memory snapshot did not restore (${error.message || error}); starting afresh.`);
    }
  }
  const py = await pyodide.loadPyodide(options);
  started("started");
  return py;
}

// Which way Python started, for the bench (a User Timing mark) and for tests and anyone debugging
// (<html data-interpreter>: Playwright's fake clock hides the page's marks).
function started(how) {
  performance.mark(`daypane:interpreter-${how}`);
  document.documentElement.dataset.interpreter = how;
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
