// Runs before Python. If the runtime cannot start (a file missing, the browser too old, an error
// in start-up), the page must say so instead of spinning forever: data-app-state becomes "error"
// and the start-up banner explains what to do. Python sets "ready" itself once it accepts input.
(() => {
  const root = document.documentElement;
  const fail = (what) => {
    if (root.dataset.appState !== "loading") return;
    root.dataset.appState = "error";
    const banner = document.getElementById("startup");
    if (banner) {
      banner.setAttribute("role", "alert");
      banner.classList.add("failed");
      banner.textContent =
        "Daypane could not start: " + what +
        " Reload the page to try again; if it keeps failing, your browser may be blocking scripts or " +
        "WebAssembly for this site. Your tasks and calendars are safe: they are stored in this browser.";
    }
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
  window.addEventListener("unhandledrejection", (event) => {
    const reason = event.reason;
    fail((reason && reason.message ? reason.message : String(reason)) + ".");
  });
})();
