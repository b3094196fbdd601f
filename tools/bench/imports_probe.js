// The import bench's in-page probe (tools/bench/imports.py), installed before any page script.
// Reads window.__benchCfg = {region, marker, doneSelector, doneText}; fills window.__bench.
(() => {
  const cfg = window.__benchCfg;
  const B = window.__bench = {longtasks: [], changeAt: null, shownDomAt: null, shownAt: null,
                              doneAt: null, memories: [], longtaskError: null};
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([e.startTime, e.duration]);
    }).observe({type: "longtask", buffered: true});
  } catch (error) { B.longtaskError = String(error); }
  document.addEventListener("change", (event) => {
    if (event.target && event.target.id === "ics-file" && B.changeAt === null) B.changeAt = performance.now();
  }, true);
  // Keep every WebAssembly.Memory the page makes (Pyodide's linear memory) to read its size.
  const keep = (result) => {
    const instance = result && (result.instance || result);
    try {
      for (const value of Object.values((instance && instance.exports) || {})) {
        if (value instanceof WebAssembly.Memory && !B.memories.includes(value)) B.memories.push(value);
      }
    } catch (error) { /* not an instance */ }
    return result;
  };
  for (const name of ["instantiate", "instantiateStreaming"]) {
    const original = WebAssembly[name];
    if (original) WebAssembly[name] = function (...args) { return original.apply(this, args).then(keep); };
  }
  WebAssembly.Memory = new Proxy(WebAssembly.Memory, {
    construct(target, args, newTarget) {
      const memory = Reflect.construct(target, args, newTarget);
      B.memories.push(memory);
      return memory;
    },
  });
  const check = () => {
    if (B.changeAt === null) return;
    if (B.shownDomAt === null) {
      const region = document.querySelector(cfg.region);
      if (region && region.textContent.includes(cfg.marker)) {
        B.shownDomAt = performance.now();
        requestAnimationFrame(() => setTimeout(() => { B.shownAt = performance.now(); }, 0));
      }
    }
    if (B.doneAt === null) {
      const done = document.querySelector(cfg.doneSelector);
      if (done && done.textContent.includes(cfg.doneText)) B.doneAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, characterData: true});
})();
