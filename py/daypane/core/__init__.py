"""Pure, browser-independent logic of Daypane.

Nothing in this package may import ``js``, ``pyodide`` or ``pyscript``: it is unit-tested
under CPython (see tests/unit/test_import_rule.py).
"""
