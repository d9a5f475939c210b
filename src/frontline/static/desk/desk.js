/* Frontline desk: keyboard shortcuts and focus after HTMX swaps. Everything works without this file. */
(function () {
  "use strict";

  var SEQUENCE_TIMEOUT_MS = 1200;
  var pending = "";
  var pendingTimer = null;

  function isTyping(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function follow(shortcut) {
    var link = document.querySelector('a[data-shortcut="' + shortcut + '"]');
    if (link) {
      window.location.assign(link.href);
      return true;
    }
    return false;
  }

  function focusSearch() {
    var search = document.querySelector("[data-search]");
    if (search) {
      search.focus();
      search.select();
      return true;
    }
    var cases = document.querySelector('a[data-shortcut="g c"]');
    if (cases) {
      window.location.assign(cases.href + "#search");
      return true;
    }
    return false;
  }

  function toggleShortcuts() {
    var dialog = document.getElementById("shortcuts");
    if (!dialog || typeof dialog.showModal !== "function") {
      return false;
    }
    if (dialog.open) {
      dialog.close();
    } else {
      dialog.showModal();
    }
    return true;
  }

  function remember(key) {
    pending = key;
    window.clearTimeout(pendingTimer);
    pendingTimer = window.setTimeout(function () {
      pending = "";
    }, SEQUENCE_TIMEOUT_MS);
  }

  function handle(key) {
    if (pending === "g") {
      pending = "";
      return follow("g " + key);
    }
    if (key === "g") {
      remember("g");
      return true;
    }
    if (key === "/") {
      return focusSearch();
    }
    if (key === "n") {
      return follow("n");
    }
    if (key === "?") {
      return toggleShortcuts();
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) {
      return;
    }
    var dialog = document.getElementById("shortcuts");
    if (dialog && dialog.open && event.key !== "?") {
      return;
    }
    if (handle(event.key)) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-shortcuts-open]");
    if (opener) {
      toggleShortcuts();
    }
  });

  // After HTMX swaps part of the page, put the keyboard focus somewhere useful: the first field with an
  // error, else the message that says what happened.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) {
      return;
    }
    // An outerHTML swap replaces the target: look in the element that now carries its id.
    var swapped = (target.id && document.getElementById(target.id)) || target;
    var invalid = swapped.querySelector && swapped.querySelector('[aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
      return;
    }
    if (target.id === "flash" || target.id === "case-main") {
      var message = document.querySelector("#flash .alert");
      if (message) {
        message.focus();
      }
    }
  });

  // Filter forms marked data-drop-empty leave out empty fields, so a shared or bookmarked URL stays short.
  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt;
    var data = event.detail.formData;
    if (!data || !source || !source.closest || !source.closest("[data-drop-empty]")) {
      return;
    }
    Array.from(new Set(data.keys())).forEach(function (name) {
      if (data.getAll(name).every(function (value) { return value === ""; })) {
        data.delete(name);
      }
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (window.location.hash === "#search") {
      focusSearch();
    }
  });
})();
