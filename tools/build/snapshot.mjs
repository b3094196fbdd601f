// Make Pyodide's memory snapshot of an interpreter that has already imported what start-up needs.
//
//   node tools/build/snapshot.mjs [--list-imports] <pyodide-dir> <out> <module> [<zip>...]
//
// Writes the heap to <out>. With --list-imports it writes instead, as JSON, the files each zip's
// imported modules came from ({zip name: [path inside the zip]}): snapshot.py drops their compiled
// code from the zips the site serves, since it is in the heap already, then makes the snapshot
// with those zips.
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

const args = process.argv.slice(2);
const listImports = args[0] === "--list-imports";
const [pyodideDir, out, module, ...zips] = listImports ? args.slice(1) : args;
if (!pyodideDir || !out || !module) {
  console.error("usage: snapshot.mjs [--list-imports] <pyodide-dir> <out> <module> [<zip>...]");
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
// icalendar asks dateutil for UTC at import. Pyodide has no /usr/share/zoneinfo, so dateutil would
// parse every zone of its bundled tarball into the heap for that one (1.5 MB of heap, 0.6 MB of
// the gzipped snapshot, and tarfile imported). Given UTC as a file, as on any Linux, it reads only
// that. The page never asks dateutil for a zone (zoneinfo and tzdata answer); if it did, dateutil
// would fall back to its tarball as before.
const UTC_FILE = `
import os, importlib.resources
os.makedirs("/usr/share/zoneinfo", exist_ok=True)
with open("/usr/share/zoneinfo/UTC", "wb") as file:
    file.write(importlib.resources.files("tzdata.zoneinfo").joinpath("UTC").read_bytes())
`;
const IMPORTED = `
import json, sys
found = {}
for module in list(sys.modules.values()):
    file = getattr(module, "__file__", None) or ""
    for zip in ZIPS:
        if file.startswith(zip + "/"):
            found.setdefault(zip.rsplit("/", 1)[-1], []).append(file[len(zip) + 1:])
json.dumps({name: sorted(files) for name, files in found.items()})
`;
// What the page would otherwise do at its first import of a file with a VTIMEZONE: icalendar
// lists every zone tzdata knows, once (~150 ms, one long task). A known zone caches nothing else.
const WARM = `
import icalendar
icalendar.Calendar.from_ical(
    "BEGIN:VCALENDAR\\r\\nBEGIN:VTIMEZONE\\r\\nTZID:Etc/UTC\\r\\nBEGIN:STANDARD\\r\\n"
    "DTSTART:19700101T000000\\r\\nTZOFFSETFROM:+0000\\r\\nTZOFFSETTO:+0000\\r\\nEND:STANDARD\\r\\n"
    "END:VTIMEZONE\\r\\nEND:VCALENDAR\\r\\n")
`;
let imported;
try {
  // Each in its own namespace: nothing of these steps stays in __main__ (the heap).
  py.runPython("import sys; sys.path.extend(ZIPS)");
  py.runPython(UTC_FILE, { globals: py.toPy({}) });
  py.runPython("import importlib; importlib.import_module(MODULE)");
  py.runPython(WARM, { globals: py.toPy({}) });
  imported = py.runPython(IMPORTED, { globals: py.toPy({ ZIPS: paths }) });
  // What py/main.py compares the page's zips with before keeping the import caches in this heap.
  py.runPython("importlib.import_module('daypane.browser.zips').remember(ZIPS)");
} catch (error) {
  console.error(String(error.message).slice(-2000));
  process.exit(1);
}
if (listImports) {
  fs.writeFileSync(out, imported);
  process.exit(0);
}
py.globals.delete("MODULE");
py.globals.delete("ZIPS");
zeroFreeMemory(py._module);
let snapshot;
try {
  snapshot = py.makeMemorySnapshot();
} catch (error) {
  console.error(`no snapshot: ${error.message} (a JS object made at import time is held by Python)`);
  process.exit(1);
}
fs.writeFileSync(out, snapshot);
console.log(`snapshot of ${module}: ${(snapshot.length / 1e6).toFixed(1)} MB`);

// Free heap still holds whatever was there (the sources compiled at import, say), which gzip must
// carry. Take every free block malloc has without growing the heap, zero it, and give it back.
function zeroFreeMemory(m) {
  m._malloc_set_footprint_limit(m._malloc_footprint());
  const held = [];
  for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 9, 64, 16]) {
    for (let at = m._malloc(size); at; at = m._malloc(size)) {
      m.HEAPU8.fill(0, at, at + size);
      held.push(at);
    }
  }
  held.forEach((at) => m._free(at));
  m._malloc_set_footprint_limit(-1);
}
