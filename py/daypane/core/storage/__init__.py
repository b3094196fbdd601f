"""Storage beyond single records: whole-store operations such as backup and restore.

Import rule: like all of daypane.core, this package imports only the stdlib and other core modules,
never `js`, `pyodide`, `pyscript` or `daypane.browser` (tests/unit/test_import_rule.py checks it).
What needs the browser (downloading a file, reading one the user picked, Web Crypto for an
encrypted backup, one IndexedDB transaction to apply a restore) is the caller's, behind the plain
values and the `Cipher` port defined here.
"""
