// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Move focus to the error summary so screen readers announce it (GOV.UK pattern).
  function focusErrors(root) {
    var summary = (root || document).querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  }
  // Upload progress: forms with data-progress show a <progress> while the file is sent.
  function uploadProgress(form) {
    form.addEventListener("submit", function (event) {
      var bar = form.querySelector("progress");
      if (!bar || !window.XMLHttpRequest || !window.FormData) { return; }
      event.preventDefault();
      bar.hidden = false;
      var request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
      });
      request.addEventListener("load", function () {
        document.open(); document.write(request.responseText); document.close();
        if (request.responseURL) { window.history.replaceState(null, "", request.responseURL); }
      });
      request.send(new FormData(form));
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    focusErrors(document);
    document.querySelectorAll("form[data-progress]").forEach(uploadProgress);
  });
  // After an htmx swap, only an error summary inside the new content takes focus: answering a
  // radio button must not pull focus elsewhere.
  document.addEventListener("htmx:afterSwap", function (event) { focusErrors(event.detail.target); });
})();
