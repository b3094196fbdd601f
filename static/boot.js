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
  // Resource errors (a script or module that failed to load) do not bubble: listen in capture.
  window.addEventListener("error", (event) => {
    const target = event.target;
    if (target && target !== window && (target.src || target.href)) {
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
        if (entry.responseStatus >= 400 && entry.name.includes("/vendor/")) {
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
