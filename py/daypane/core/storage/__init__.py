"""What keeps the user's data trustworthy: the rules, not the browser calls.

Import rule: plain Python, importing only the standard library and daypane.core; never `js`,
`pyodide`, `pyscript` or daypane.browser (tests/unit/test_import_rule.py). The browser side
(daypane.browser.js.store, .crypto, .tabs) does the IndexedDB, WebCrypto and BroadcastChannel
calls and hands plain values in.
"""
