// Runs on redirect.html, the page identity providers send the browser back to.
//
// Google (OAuth token flow for browser apps): its answer is in the fragment, with the state the
// app sent, which starts with "google-". Hand the fragment to the app through this tab's
// sessionStorage (not the app's URL: a token must not land in history) and go back to the app.
// Anything else is Microsoft's answer: MSAL's bridge passes it to the Daypane window that asked.
(() => {
  const fragment = location.hash.slice(1);
  const params = new URLSearchParams(fragment);
  if ((params.get("state") || "").startsWith("google-")) {
    sessionStorage.setItem("daypane.google.answer", fragment);
    let route = "";
    try {
      route = JSON.parse(sessionStorage.getItem("daypane.google.pending") || "{}").route || "";
    } catch (error) { /* no pending sign-in: the app reports the answer as unexpected */ }
    location.replace("./" + (route.startsWith("#/") ? route : ""));
    return;
  }
  msalRedirectBridge.broadcastResponseToMainFrame().catch((error) => {
    const message = document.getElementById("message");
    message.textContent =
      "This sign-in window has nothing to finish (" + (error && error.errorCode || error) + "). " +
      "Close it and go back to Daypane.";
    const back = document.createElement("a");
    back.href = "./";
    back.textContent = "Open Daypane";
    message.after(back);
  });
})();
