// Runs on redirect.html: pass Microsoft's answer to the Daypane window that asked for it.
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
