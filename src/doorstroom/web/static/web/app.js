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
  // Busy submit buttons: once a POST form is sent, its buttons say so (aria-busy, the text from
  // <body data-busy-label>) and a second press sends nothing. The buttons are not disabled
  // before the browser has read the form, so the pressed button's name=value still goes along.
  // Reset when htmx has its answer, and when the page comes back from the back/forward cache.
  var BUTTONS = "button[type=submit], button:not([type]), input[type=submit]";
  function busy(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") { return; }
    if (form.hasAttribute("data-submitting")) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    form.setAttribute("data-submitting", "");
    var pressed = event.submitter || form.querySelector(BUTTONS);
    form.querySelectorAll(BUTTONS).forEach(function (button) { button.setAttribute("aria-disabled", "true"); });
    if (pressed) {
      pressed.setAttribute("aria-busy", "true");
      var label = document.body.getAttribute("data-busy-label");
      if (label && pressed.tagName === "BUTTON" && !pressed.querySelector(".button__busy")) {
        var note = document.createElement("span");
        note.className = "button__busy";
        note.textContent = " " + label;
        pressed.appendChild(note);
      }
    }
  }
  function ready(form) {
    form.removeAttribute("data-submitting");
    form.querySelectorAll(BUTTONS).forEach(function (button) {
      button.removeAttribute("aria-disabled");
      button.removeAttribute("aria-busy");
      var note = button.querySelector(".button__busy");
      if (note) { note.remove(); }
    });
  }
  function readyAll() { document.querySelectorAll("form[data-submitting]").forEach(ready); }
  // Capture phase: runs before the form's own listeners (htmx, upload progress), so a second
  // press stops here and never reaches them.
  document.addEventListener("submit", busy, true);
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (form) { ready(form); }
  });
  window.addEventListener("pageshow", function (event) { if (event.persisted) { readyAll(); } });
  // Conditional reveal: a field an earlier answer makes required (data-required-when=
  // "name=value" or "name!=value") is shown only under that answer. Without script, or when
  // the server marked the field with an error, it stays visible.
  function answer(form, name) {
    var controls = form.querySelectorAll("[name='" + name + "']");
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      if ((c.type === "radio" || c.type === "checkbox")) { if (c.checked) { return c.value; } }
      else { return c.value; }
    }
    return "";
  }
  function reveal(form) {
    form.querySelectorAll("[data-required-when]").forEach(function (input) {
      var rule = input.getAttribute("data-required-when");
      var negate = rule.indexOf("!=") > 0;
      var parts = rule.split(negate ? "!=" : "=");
      var value = answer(form, parts[0]);
      var wanted = negate ? (value !== "" && value !== parts[1]) : value === parts[1];
      var field = input.closest(".field") || input;
      field.hidden = !wanted && !field.classList.contains("field--error");
    });
  }
  function revealAll(root) {
    (root || document).querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[data-required-when]")) { reveal(form); }
    });
  }
  document.addEventListener("change", function (event) {
    var form = event.target && event.target.form;
    if (form && form.querySelector("[data-required-when]")) { reveal(form); }
  });
  document.addEventListener("htmx:afterSwap", function (event) { revealAll(event.detail.target); });
  // What was typed in a field the server never echoes (input[data-remember-typed], e.g. a
  // national number): kept in this tab's sessionStorage when its form is sent, put back when
  // the page returns with an error on that field (aria-invalid), forgotten otherwise.
  function rememberKey(input) { return "doorstroom:typed:" + window.location.pathname + ":" + input.name; }
  function storage() { try { return window.sessionStorage; } catch (e) { return null; } }
  document.addEventListener("submit", function (event) {
    var store = storage();
    if (!store || !(event.target instanceof HTMLFormElement)) { return; }
    event.target.querySelectorAll("input[data-remember-typed]").forEach(function (input) {
      try { store.setItem(rememberKey(input), input.value); } catch (e) { /* full or denied */ }
    });
  }, true);
  function restoreTyped() {
    var store = storage();
    if (!store) { return; }
    document.querySelectorAll("input[data-remember-typed]").forEach(function (input) {
      var key = rememberKey(input);
      var typed = store.getItem(key);
      if (typed !== null && input.getAttribute("aria-invalid") === "true" && !input.value) {
        input.value = typed;
      } else {
        store.removeItem(key);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    restoreTyped();
    revealAll(document);
    focusErrors(document);
    document.querySelectorAll("form[data-progress]").forEach(uploadProgress);
  });
  // After an htmx swap, only an error summary inside the new content takes focus: answering a
  // radio button must not pull focus elsewhere.
  document.addEventListener("htmx:afterSwap", function (event) { focusErrors(event.detail.target); });
})();
