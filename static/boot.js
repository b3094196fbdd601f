// Runs before Python. If the runtime cannot start (a file missing, the browser too old, an error
// in start-up), the page must say so instead of spinning forever: data-app-state becomes "error"
// and the start-up banner explains what to do. Python sets "ready" itself once it accepts input.
(() => {
  const root = document.documentElement;
  const fail = (what) => {
    if (root.dataset.appState !== "loading") return;
    root.dataset.appState = "error";
    const show = () => {
      const banner = document.getElementById("startup");
      banner.setAttribute("role", "alert");
      banner.classList.add("failed");
      banner.textContent =
        "Daypane could not start: " + what +
        " Reload the page to try again; if it keeps failing, your browser may be blocking scripts or " +
        "WebAssembly for this site. Your tasks and calendars are safe: they are stored in this browser.";
    };
    // A failure can be seen before the body is parsed (the runtime is preloaded from <head>).
    if (document.getElementById("startup")) show();
    else document.addEventListener("DOMContentLoaded", show);
  };
  window.daypaneStartupFailed = fail;
  // The memory snapshot only makes start-up faster: without it Python starts the ordinary way
  // (static/interpreter.mjs), so its absence is no reason to give up.
  const optional = (url) => /\/vendor\/snapshot\.bin\.gz$/.test(url || "");
  // Resource errors (a script or module that failed to load) do not bubble: listen in capture.
  window.addEventListener("error", (event) => {
    const target = event.target;
    if (target && target !== window && (target.src || target.href)) {
      if (optional(target.href)) return;
      fail(`a file it needs (${target.src || target.href}) did not load.`);
    } else if (event.message) {
      fail(event.message + ".");
    }
  }, true);
  // Pyodide only logs a warning when its runtime files fail to load, then waits forever: watch
  // the runtime's own downloads and fail visibly on an error status.
  if (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes.includes("resource")) {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.responseStatus >= 400 && entry.name.includes("/vendor/") && !optional(entry.name)) {
          fail(`a file it needs (${entry.name}) did not load (HTTP ${entry.responseStatus}).`);
        }
      }
    }).observe({ type: "resource", buffered: true });
  }
  window.addEventListener("unhandledrejection", (event) => {
    const reason = event.reason;
    fail((reason && reason.message ? reason.message : String(reason)) + ".");
  });
})();

// Paint before Python: the last rendered view, from a snapshot the app saved (key "snapshot" in
// its IndexedDB store), so a returning user sees their tasks and today's events at once while the
// runtime starts. Read-only until Python takes over: the painted parts are inert and the start-up
// banner stays; the app's first render replaces them. Built with createElement/textContent and
// CSSOM only: nothing is parsed as HTML, and the page's CSP (no inline styles) holds.
(() => {
  const root = document.documentElement;
  const PARTS = ["task-list", "agenda", "range-title"];
  const SKIP = new Set(["now-line"]);        // the current-time line would be stale
  // "Today" (YYYY-MM-DD) in the zone the app shows times in: the one picked in settings, else the
  // browser's. The app names it on <html data-time-zone> when it draws the calendar; the snapshot
  // keeps it, so the next start compares days in the zone Python will use. An unknown name (or
  // none, as in a snapshot from before) means the browser's zone.
  const today = (zone) => {
    const day = (timeZone) => {
      const parts = {};
      for (const {type, value} of new Intl.DateTimeFormat("en-CA", {
        timeZone, year: "numeric", month: "2-digit", day: "2-digit",
      }).formatToParts(new Date())) parts[type] = value;
      return `${parts.year}-${parts.month}-${parts.day}`;
    };
    try {
      return day(zone || undefined);
    } catch (error) {  // RangeError: a zone this browser does not know
      return day(undefined);
    }
  };

  const tree = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return node.data;
    if (node.nodeType !== Node.ELEMENT_NODE || [...node.classList].some((c) => SKIP.has(c))) return null;
    const attributes = {};
    for (const {name, value} of node.attributes) {
      if (!name.startsWith("on")) attributes[name] = value;
    }
    if (node.checked) attributes.checked = "";
    if (node.scrollTop > 0) attributes["data-snapshot-scroll"] = String(node.scrollTop);
    return [node.localName, attributes, ...[...node.childNodes].map(tree).filter((c) => c !== null)];
  };

  // A node description -> DOM: [tag, {attributes}, ...children], a string is a text node. Used for
  // the snapshot and by Python (dom.build): one call builds a whole view, instead of one FFI
  // round trip per element and attribute. Style through the CSSOM (a strict CSP allows only that):
  // a string is cssText, an object sets each property.
  const build = (item) => {
    if (typeof item === "string") return document.createTextNode(item);
    const [tag, attributes, ...children] = item;
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === "style") {
        if (typeof value === "string") element.style.cssText = value;
        else for (const [property, v] of Object.entries(value)) element.style.setProperty(property, v);
      } else if (!name.startsWith("on")) {
        element.setAttribute(name, value);
      }
    }
    if ("checked" in attributes) element.checked = true;
    element.append(...children.map(build));
    return element;
  };
  window.daypaneDom = {build: (json) => build(JSON.parse(json))};

  window.daypaneSnapshot = {
    // Called by the app after it renders: the parts of the page worth painting next time.
    take() {
      const parts = {};
      for (const id of PARTS) {
        const element = document.getElementById(id);
        if (element) parts[id] = [...element.childNodes].map(tree).filter((c) => c !== null);
      }
      const zone = root.dataset.timeZone || "";
      // The browser's language too: its dates and clock are written into the painted text.
      return JSON.stringify({v: 1, hash: location.hash, zone, day: today(zone), locale: navigator.language, parts});
    },
  };

  const paint = (text) => {
    let snapshot;
    try {
      snapshot = JSON.parse(text);
    } catch (error) {
      return;
    }
    // Only the same view, and for the default (today) view only the same day.
    if (!snapshot || snapshot.v !== 1 || snapshot.hash !== location.hash) return;
    if ((location.hash === "" || location.hash === "#/") && snapshot.day !== today(snapshot.zone)) return;
    if ("locale" in snapshot && snapshot.locale !== navigator.language) return;  // another language's dates
    if (root.dataset.appState !== "loading") return;         // Python was faster: nothing to do
    const painted = [];
    for (const id of PARTS) {
      const element = document.getElementById(id);
      if (!element || !snapshot.parts[id]) continue;
      element.replaceChildren(...snapshot.parts[id].map(build));
      for (const scrolled of element.querySelectorAll("[data-snapshot-scroll]")) {
        scrolled.scrollTop = Number(scrolled.dataset.snapshotScroll);  // where the user last was
        delete scrolled.dataset.snapshotScroll;
      }
      element.inert = true;
      painted.push(element);
    }
    root.dataset.snapshot = "painted";
    performance.mark("daypane:snapshot-painted");
    const banner = document.getElementById("startup");
    if (banner) banner.textContent = "Showing your last view; starting Daypane…";
    // Python's first render replaces the painted parts; until then they cannot be used.
    const release = new MutationObserver(() => {
      if (root.dataset.appState === "loading") return;
      release.disconnect();
      for (const element of painted) element.inert = false;
      delete root.dataset.snapshot;
    });
    release.observe(root, {attributes: true, attributeFilter: ["data-app-state"]});
  };

  // static/idb.js keeps each record as JSON text; the snapshot is a bare string record, so its
  // stored text is a JSON string. Encrypted data is an envelope object instead: nothing is painted
  // (the passphrase comes first). A test paints from a real saved snapshot, so a format change
  // fails there instead of silently painting nothing.
  const unwrap = (stored) => {
    if (typeof stored !== "string") return null;
    try {
      const text = JSON.parse(stored);
      return typeof text === "string" ? text : null;
    } catch (error) {
      return null;
    }
  };

  const read = () => {
    if (!window.indexedDB) return;
    const request = indexedDB.open("daypane");  // static/idb.js: the app's database
    // No database yet (first visit): do not create one, the app's storage layer does that.
    request.onupgradeneeded = () => request.transaction.abort();
    request.onerror = () => {};
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close();  // never hold up the app's own upgrade
      if (!db.objectStoreNames.contains("records")) return db.close();
      const get = db.transaction("records", "readonly").objectStore("records").get("snapshot");
      get.onsuccess = () => {
        db.close();
        const text = unwrap(get.result);
        if (text === null) return;
        if (document.readyState === "loading") {
          document.addEventListener("DOMContentLoaded", () => paint(text));
        } else {
          paint(text);
        }
      };
    };
  };
  read();
})();
