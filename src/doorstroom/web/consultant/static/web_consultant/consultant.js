// Consultant pages: focus the error summary once when the page loads (not after htmx swaps,
// so the live rule feedback never moves focus away from the field being answered).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) { summary.focus(); }
  });
})();
