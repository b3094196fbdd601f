"""The only modules touching JS APIs: each wraps one (DOM, IndexedDB, clock, fetch, MSAL)."""
