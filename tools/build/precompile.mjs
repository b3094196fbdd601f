// Compile Python sources to bytecode with Pyodide's own interpreter, so the .pyc files match the
// Python that runs in the browser (magic number and all). CPython on the host is a different version.
//
//   node tools/build/precompile.mjs <host-dir> legacy     # x.py -> x.pyc beside it (zipimport has no __pycache__)
//   node tools/build/precompile.mjs <host-dir> unchecked  # x.pyc beside x.py, UNCHECKED_HASH (the
//                                                          # zips the page imports from in place)
//
// The host folder is mounted into Pyodide's file system with NODEFS and compiled in place.
import { loadPyodide } from "pyodide";
import path from "node:path";

const [dir, mode] = process.argv.slice(2);
if (!dir || !["legacy", "unchecked"].includes(mode)) {
  console.error("usage: precompile.mjs <host-dir> legacy|unchecked");
  process.exit(2);
}
const py = await loadPyodide();
py.FS.mkdirTree("/host");
py.FS.mount(py.FS.filesystems.NODEFS, { root: path.resolve(dir) }, "/host");
py.globals.set("MODE", mode);
const failed = py.runPython(`
import compileall, py_compile, re
legacy = MODE == "legacy"
ok = compileall.compile_dir(
    "/host", quiet=2, legacy=True, workers=1,
    # Zip timestamps mean nothing: never revalidate against the source kept beside the bytecode.
    invalidation_mode=None if legacy else py_compile.PycInvalidationMode.UNCHECKED_HASH,
    # Files that are not valid Python on purpose (test data of the stdlib) are left alone.
    rx=re.compile(r"/(test|tests|idle_test|lib2to3/tests)/"),
)
not ok
`);
console.log(`precompiled ${dir} (${mode})${failed ? " with some files skipped (syntax errors)" : ""}`);
