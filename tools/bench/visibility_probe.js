// The visibility bench's in-page probe (tools/bench/visibility.py), installed before any page
// script on every load. Fills window.__vis: every IndexedDB put (value kept, sized afterwards),
// long tasks, checkbox changes and button clicks (capturing, so before the app's own listeners),
// and a watch on region "Calendar" armed by __vis.arm(present, markers).
(() => {
  const B = window.__vis = {puts: [], longtasks: [], changes: [], clicks: [], watch: null, longtaskError: null};
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([e.startTime, e.duration]);
    }).observe({type: "longtask", buffered: true});
  } catch (error) { B.longtaskError = String(error); }
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (value, key) {
    const entry = {at: performance.now(), key: String(key), value, doneAt: null, failed: false};
    B.puts.push(entry);
    const request = put.apply(this, arguments);
    try {
      const t = this.transaction;
      t.addEventListener("complete", () => { entry.doneAt = performance.now(); });
      t.addEventListener("abort", () => { entry.failed = true; entry.doneAt = performance.now(); });
    } catch (error) { /* no transaction */ }
    return request;
  };
  document.addEventListener("change", (event) => {
    const t = event.target;
    if (t && t.type === "checkbox") B.changes.push({at: performance.now(), id: t.id, checked: t.checked});
  }, true);
  document.addEventListener("click", (event) => {
    const t = event.target && event.target.closest && event.target.closest("button");
    if (t) B.clicks.push({at: performance.now(), text: (t.textContent || "").trim()});
  }, true);
  let region = null;
  const calendarRegion = () => {
    if (region && region.isConnected) return region;
    region = null;
    for (const el of document.querySelectorAll("section, [role=region]")) {
      const name = el.getAttribute("aria-label") || (el.getAttribute("aria-labelledby") || "").split(/\s+/)
        .map((id) => (document.getElementById(id) || {}).textContent || "").join(" ").trim();
      if (name === "Calendar") { region = el; break; }
    }
    return region;
  };
  const check = () => {
    const w = B.watch;
    if (!w || w.domAt !== null) return;
    const el = calendarRegion();
    const text = el ? el.textContent : "";
    const all = w.markers.every((m) => text.includes(m));
    const none = w.markers.every((m) => !text.includes(m));
    if (w.present ? all : none) {
      w.domAt = performance.now();
      requestAnimationFrame(() => setTimeout(() => { w.paintAt = performance.now(); }, 0));
    }
  };
  B.arm = (present, markers) => { B.watch = {present, markers, domAt: null, paintAt: null}; };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, characterData: true});

  // What the bench polls: cheap (no sizes).
  B.state = () => ({now: performance.now(), puts: B.puts.map((p) => [p.key, p.at, p.doneAt]),
                    changes: B.changes, clicks: B.clicks,
                    watch: B.watch && {domAt: B.watch.domAt, paintAt: B.watch.paintAt},
                    renders: performance.getEntriesByName("daypane:render").length});

  // Everything in [from, to], times relative to `from`. Sizes are computed here, after the window
  // (TextEncoder on a 10 MB string costs milliseconds that must not land inside what is timed).
  B.window = (from, to) => {
    const encoder = new TextEncoder();
    const size = (value) => {
      let text = value;
      if (typeof value !== "string") {
        try { text = JSON.stringify(value) || ""; } catch (error) { text = ""; }
      }
      return [text.length, encoder.encode(text).length];
    };
    const puts = B.puts.filter((p) => p.at >= from && p.at <= to).map((p) => {
      const [chars, bytes] = size(p.value);
      return {key: p.key, at: p.at - from, done: p.doneAt === null ? null : p.doneAt - from,
              failed: p.failed, chars, bytes};
    });
    const longtasks = B.longtasks.filter(([s, d]) => s + d >= from && s <= to).map(([s, d]) => [s - from, d]);
    const renders = performance.getEntriesByName("daypane:render")
      .filter((e) => e.startTime >= from && e.startTime <= to)
      .map((e) => [e.startTime - from, e.duration]);
    const byKey = {};
    for (const p of puts) byKey[p.key] = (byKey[p.key] || 0) + p.bytes;
    const sum = (values) => values.reduce((a, b) => a + b, 0);
    return {puts, longtasks, renders, longtaskError: B.longtaskError, byKey,
            bytes: sum(puts.map((p) => p.bytes)), chars: sum(puts.map((p) => p.chars)),
            longtaskMax: Math.max(0, ...longtasks.map(([, d]) => d)), longtaskTotal: sum(longtasks.map(([, d]) => d)),
            renderTotal: sum(renders.map(([, d]) => d)),
            lastRender: renders.length ? Math.max(...renders.map(([s, d]) => s + d)) : null};
  };
})();
