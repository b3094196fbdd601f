"""Assemble the deployable site in dist/: our files plus the self-hosted runtime.

Nothing is fetched at run time from anywhere but the site's own origin, so everything the page needs
is put here: Pyodide, PyScript and MSAL.js from node_modules (pinned in package-lock.json), the
Python wheels from PyPI (pinned in requirements/browser.txt) merged into one site-packages zip, and
our own package. Python sources are compiled to bytecode by Pyodide itself (precompile.mjs), which
roughly halves interpreter start-up (see docs/architecture.md).

- ``common``: paths, content digests, reproducible zips;
- ``runtime``: Pyodide (with a precompiled stdlib), PyScript and MSAL.js into dist/static/vendor/;
- ``packages``: the pinned wheels -> site-packages.zip, py/daypane -> daypane.zip;
- ``service_worker``: the precache list and version written into dist/sw.js;
- ``__main__``: the order of it all.

Slow steps are cached in build/cache, keyed by what they depend on, so a rebuild after editing our
Python takes a few seconds.

    python -m tools.build            # -> dist/
"""
