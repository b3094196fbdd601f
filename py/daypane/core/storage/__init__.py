"""What keeps the user's data trustworthy beyond single records: encryption at rest (envelope,
vault), what is stored and how much (usage), and backups (backup/).

Import rule: like all of daypane.core, plain Python importing only the standard library and other
core modules; never `js`, `pyodide`, `pyscript` or daypane.browser (tests/unit/test_import_rule.py).
What needs the browser (WebCrypto, IndexedDB's one transaction, BroadcastChannel, downloading or
reading a file) is the caller's, behind plain values and the Cipher ports defined here.
"""
