// Make Pyodide's memory snapshot of an interpreter that has already imported what start-up needs.
//
//   node tools/build/snapshot.mjs <pyodide-dir> <out> <module> [<zip>...]
//
// The browser then starts from this heap instead of booting Python and importing (see
// static/interpreter.mjs and docs/architecture.md, "Start-up"). Rules that keep it valid:
// - It is made with the very Pyodide the site serves (<pyodide-dir> of dist/), so its build id and
//   the stdlib zip's modules match.
// - The zips are written where PyScript's [files] puts them in the page and put on sys.path as
//   py/main.py does (daypane.zip first), so every module's __file__ and __path__ and the cached
//   zip directories are the page's: a later lazy import finds its files there.
// - Only paths from globalThis may be held by Python (Pyodide re-binds them in the page): `document`
//   exists here as an empty stand-in, so `js.document` at import time is the page's document after
//   restore. Any other JS object alive in the heap makes makeMemorySnapshot throw, here, at build.
import { loadPyodide } from "pyodide";
import fs from "node:fs";
import path from "node:path";

const [pyodideDir, out, module, ...zips] = process.argv.slice(2);
if (!pyodideDir || !out || !module) {
  console.error("usage: snapshot.mjs <pyodide-dir> <out> <module> [<zip>...]");
  process.exit(2);
}
globalThis.document = {};
const py = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + "/", _makeSnapshot: true,
  // The page's own values are read again after restore (interpreter.mjs); these only keep the
  // build machine's out of the heap.
  env: { HOME: "/home/pyodide", TZ: "UTC", LANG: "C.UTF-8" },
});
// As py/main.py does in the page: each zip beside the stdlib, imported from in place.
const paths = zips.map((zip) => `/lib/python3.14/${path.basename(zip)}`);
zips.forEach((zip, i) => py.FS.writeFile(paths[i], new Uint8Array(fs.readFileSync(zip))));
py.globals.set("MODULE", module);
py.globals.set("ZIPS", py.toPy(paths));
try {
  py.runPython("import importlib, sys; sys.path.extend(ZIPS); importlib.import_module(MODULE)");
  // What py/main.py compares the page's zips with before keeping the import caches in this heap.
  py.runPython("importlib.import_module('daypane.browser.zips').remember(ZIPS)");
} catch (error) {
  console.error(String(error.message).slice(-2000));
  process.exit(1);
}
py.globals.delete("MODULE");
py.globals.delete("ZIPS");
let snapshot;
try {
  snapshot = py.makeMemorySnapshot();
} catch (error) {
  console.error(`no snapshot: ${error.message} (a JS object made at import time is held by Python)`);
  process.exit(1);
}
fs.writeFileSync(out, snapshot);
console.log(`snapshot of ${module}: ${(snapshot.length / 1e6).toFixed(1)} MB`);
