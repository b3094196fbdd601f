// Daypane's IndexedDB: one database "daypane", one object store "records", key -> JSON text.
//
// Written by hand instead of pyscript.storage because a write must report its failure: a put
// resolves only when its transaction *committed* (oncomplete) and rejects when it aborted (a full
// disk raises QuotaExceededError at commit, after the request itself succeeded), failed, or the
// database is closed. browser/js/store.py is the only caller; boot.js reads the snapshot directly.
(() => {
  "use strict";
  const NAME = "daypane";
  const VERSION = 1;          // raise with a new object-store layout; older tabs then close theirs
  const STORE = "records";
  const LEGACY = "IDBMap/@pyscript/daypane";  // where pyscript.storage("daypane") kept records

  // Every rejection is an Error carrying the DOMException's name ("QuotaExceededError", ...):
  // Pyodide turns only Errors into Python exceptions (JsException), never a plain object.
  const failure = (error, fallback) => {
    const failed = new Error((error && error.message) || fallback);
    failed.name = (error && error.name) || fallback;
    return failed;
  };

  const request = (req) => new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(failure(req.error, "UnknownError"));
  });

  class Database {
    constructor(db) {
      this.db = db;
      this.closedBecause = null;
      this.onclose = null;   // (reason) => void: "versionchange" (a newer Daypane) or "closed"
      db.onversionchange = () => this._close("versionchange");
      db.onclose = () => this._close("closed");  // the browser closed it (storage cleared, crash)
    }

    _close(reason) {
      if (this.closedBecause) return;
      this.closedBecause = reason;
      this.db.close();
      if (this.onclose) this.onclose(reason);
    }

    _transaction(mode) {
      if (this.closedBecause) {
        throw failure({name: "InvalidStateError", message: `the database is closed (${this.closedBecause})`},
                      "InvalidStateError");
      }
      return this.db.transaction(STORE, mode, {durability: "strict"});
    }

    // Every key and value, read in one transaction: [keys, values].
    async entries() {
      const store = this._transaction("readonly").objectStore(STORE);
      return Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    }

    // The values stored now for these keys (undefined where none), read fresh from disk.
    async read(keys) {
      const store = this._transaction("readonly").objectStore(STORE);
      return Promise.all(keys.map((key) => request(store.get(key))));
    }

    // Puts and deletes in one transaction: all of them committed, or none and a rejection.
    write(puts, deletes) {
      return new Promise((resolve, reject) => {
        let transaction;
        try {
          transaction = this._transaction("readwrite");
          const store = transaction.objectStore(STORE);
          for (const [key, text] of puts) store.put(text, key);
          for (const key of deletes) store.delete(key);
        } catch (error) {
          if (transaction) transaction.abort();
          reject(failure(error, "UnknownError"));
          return;
        }
        transaction.oncomplete = () => resolve();
        transaction.onabort = () => reject(failure(transaction.error, "AbortError"));
        transaction.onerror = (event) => event.preventDefault();  // reported once, by onabort
      });
    }

    close() {
      this._close("closed");
    }
  }

  // Opens (creating on first use) the database. Rejects with {name: "VersionError"} when a newer
  // Daypane already upgraded it: this tab's code is out of date and must not touch it.
  const open = () => new Promise((resolve, reject) => {
    let opening;
    try {
      opening = indexedDB.open(NAME, VERSION);
    } catch (error) {
      reject(failure(error, "UnknownError"));  // e.g. storage disabled for this origin
      return;
    }
    opening.onupgradeneeded = () => {
      const db = opening.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
    };
    opening.onsuccess = () => resolve(new Database(opening.result));
    opening.onerror = () => reject(failure(opening.error, "UnknownError"));
    opening.onblocked = () => {};  // an older tab holds it open: it closes on versionchange
  });

  // What pyscript.storage stored before this adapter ([keys, flatted texts]), or null when there
  // is no such database. Never creates it.
  const legacy = () => new Promise((resolve) => {
    const opening = indexedDB.open(LEGACY);
    opening.onupgradeneeded = () => opening.transaction.abort();
    opening.onerror = () => resolve(null);
    opening.onsuccess = () => {
      const db = opening.result;
      if (!db.objectStoreNames.contains("entries")) {
        db.close();
        resolve(null);
        return;
      }
      const store = db.transaction("entries", "readonly").objectStore("entries");
      Promise.all([request(store.getAllKeys()), request(store.getAll())])
        .then((found) => resolve(found), () => resolve(null))
        .finally(() => db.close());
    };
  });

  const dropLegacy = () => request(indexedDB.deleteDatabase(LEGACY)).catch(() => {});

  // Forget everything this origin stored (erasing the device's data): the database, then reload.
  const erase = () => request(indexedDB.deleteDatabase(NAME));

  // A Web Lock held until the returned function is called; locks are shared by every tab and
  // window of the origin. Without Web Locks (very old browsers) a no-op lock: one tab is safe.
  const acquire = (name) => new Promise((granted, failed) => {
    if (!navigator.locks) {
      granted(() => {});
      return;
    }
    // A wait or a hold of over a second is an anomaly worth a line in the console, said while it
    // lasts (a change that never completes leaves nothing else to go on); locks are otherwise
    // held for milliseconds.
    const held = async () => (await navigator.locks.query()).held.map((lock) => lock.name).join(", ");
    const waiting = setTimeout(async () => console.warn(
      `Daypane: waiting over a second for the lock ${name}; held now: ${await held()}`), 1000);
    navigator.locks.request(name, () => new Promise((release) => {
      clearTimeout(waiting);
      const holding = setTimeout(() => console.warn(`Daypane: holding the lock ${name} over a second`), 1000);
      granted(() => {
        clearTimeout(holding);
        release();
      });
    })).catch((error) => {
      clearTimeout(waiting);
      failed(error);
    });
  });

  window.daypaneIdb = {open, legacy, dropLegacy, erase, acquire};
})();
