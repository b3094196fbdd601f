// Installs the service worker (../sw.js) and offers a new version when one is deployed.
//
// Registration waits until the app has started (ready or failed), so precaching the runtime never
// competes with the first start-up for bandwidth or CPU. A new version is never switched under the
// user: a waiting worker shows "Update available" and takes over only when they choose "Reload".
(() => {
  if (!("serviceWorker" in navigator)) return;
  const root = document.documentElement;
  const CHECK_EVERY_MS = 60 * 60 * 1000;
  let reloading = false;

  const offer = (worker) => {
    const bar = document.getElementById("update");
    if (!bar || !worker) return;
    bar.hidden = false;
    document.getElementById("update-reload").onclick = () => {
      reloading = true;
      worker.postMessage({type: "skip-waiting"});
    };
  };

  // Only a takeover the user asked for reloads the page (the very first install does not).
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) location.reload();
  });

  const register = async () => {
    let registration;
    try {
      registration = await navigator.serviceWorker.register("./sw.js", {updateViaCache: "none"});
    } catch (error) {
      // Private modes and some policies forbid workers: the app still works online.
      console.warn("Daypane: offline support unavailable:", error);
      return;
    }
    if (!registration) return; // an automation harness that blocks workers resolves to nothing
    // A new version may already be waiting, or installing (the browser checks on every navigation,
    // possibly before this ran), or found later: offer it once it is installed, in every case.
    const track = (worker) => {
      if (!worker) return;
      const check = () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
      };
      check();
      worker.addEventListener("statechange", check);
    };
    track(registration.waiting);
    track(registration.installing);
    registration.addEventListener("updatefound", () => track(registration.installing));
    // Look for a new version at every start (the browser's own check after a navigation may come
    // much later), and now and then in long-lived tabs: people keep a calendar open all day.
    registration.update().catch(() => {});
    let last = Date.now();
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && Date.now() - last > CHECK_EVERY_MS) {
        last = Date.now();
        registration.update().catch(() => {});
      }
    });
  };

  const started = () => root.dataset.appState !== "loading";
  if (started()) {
    register();
  } else {
    const watch = new MutationObserver(() => {
      if (started()) {
        watch.disconnect();
        register();
      }
    });
    watch.observe(root, {attributes: true, attributeFilter: ["data-app-state"]});
  }
})();
