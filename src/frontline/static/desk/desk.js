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
  // error, else the message that says what happened, else (after a pager link) the top of the new page.
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
    if (target.id === "case-main") {
      restoreActionForms(swapped);
    }
    if (target.id === "flash" || target.id === "case-main") {
      var message = document.querySelector("#flash .alert");
      if (message) {
        message.focus();
      }
      return;
    }
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source.closest && source.closest(".pager") && swapped.isConnected) {
      showTopOf(swapped);
    }
  });

  // A pager link replaces the list it belongs to: the link is gone, so focus the new page of the list and
  // bring its top into view, as following a link to a new page would.
  function showTopOf(region) {
    if (!region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "-1");
    }
    region.focus({ preventScroll: true });
    if (region.getBoundingClientRect().top < 0) {
      region.scrollIntoView({ block: "start" });
    }
  }

  // A finished action replaces the whole case (#case-main), and with it the other action forms. What the
  // person had typed into those, and which of them were open, is carried over to the new ones.
  var keptForms = [];

  function valueOf(field) {
    return field.type === "checkbox" || field.type === "radio" ? field.checked : field.value;
  }

  function isChanged(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName.toLowerCase() === "select") {
      return Array.from(field.options).some(function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    return field.value !== field.defaultValue;
  }

  function isTypedInto(field) {
    var type = (field.type || "").toLowerCase();
    return field.name && type !== "hidden" && type !== "submit" && type !== "button";
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    // Only a swap of the case itself replaces the action forms; a panel reloading meanwhile keeps them.
    if (!target || target.id !== "case-main" || !event.detail.shouldSwap) {
      return;
    }
    keptForms = [];
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    var submitted = source && source.closest ? source.closest("form") : null;
    target.querySelectorAll("form.action-form[id]").forEach(function (form) {
      if (form === submitted) {
        return;
      }
      var details = form.closest("details");
      var changed = Array.from(form.elements)
        .filter(function (field) {
          return isTypedInto(field) && isChanged(field);
        })
        .map(function (field) {
          return { name: field.name, value: valueOf(field) };
        });
      var open = Boolean(details && details.open);
      if (open || changed.length) {
        keptForms.push({ id: form.id, open: open, fields: changed });
      }
    });
  });

  function restoreActionForms(caseMain) {
    keptForms.forEach(function (kept) {
      var form = caseMain.querySelector("#" + kept.id);
      if (!form) {
        return;
      }
      kept.fields.forEach(function (saved) {
        var field = form.elements.namedItem(saved.name);
        if (!field || !isTypedInto(field)) {
          return;
        }
        if (typeof saved.value === "boolean") {
          field.checked = saved.value;
        } else if (field.tagName.toLowerCase() !== "select" || field.querySelector('option[value="' + CSS.escape(saved.value) + '"]')) {
          field.value = saved.value;
        }
      });
      var details = form.closest("details");
      if (details && kept.open) {
        details.open = true;
      }
    });
    keptForms = [];
  }

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

  // Going back or forward to a list HTMX filtered puts back that page's results, but the filter fields keep
  // whatever they held when the snapshot was taken. The address is the truth: set the fields from it.
  function fieldsFromAddress() {
    var params = new URLSearchParams(window.location.search);
    document.querySelectorAll("form[data-drop-empty]").forEach(function (form) {
      Array.from(form.elements).forEach(function (field) {
        if (!isTypedInto(field)) {
          return;
        }
        var values = params.getAll(field.name);
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = values.indexOf(field.value) !== -1;
        } else if (field.tagName.toLowerCase() === "select") {
          Array.from(field.options).forEach(function (option, index) {
            option.selected = values.length ? values.indexOf(option.value) !== -1 : index === 0;
          });
        } else {
          field.value = values.length ? values[0] : "";
        }
      });
    });
  }

  document.addEventListener("htmx:historyRestore", fieldsFromAddress);

  // An accepted suggestion from the similar-cases panel goes into the resolve form, which opens to show it.
  document.body.addEventListener("assist-proposal", function () {
    var accepted = document.getElementById("assist-accepted");
    var form = document.getElementById("action-resolve");
    if (!form || !accepted) {
      return;
    }
    var proposal = { resolution: accepted.content.textContent, root_cause: accepted.dataset.rootCause };
    var resolution = form.querySelector("[name=resolution]");
    var rootCause = form.querySelector("[name=root_cause]");
    if (resolution && proposal.resolution) {
      resolution.value = proposal.resolution;
    }
    if (rootCause && proposal.root_cause && !rootCause.value) {
      rootCause.value = proposal.root_cause;
    }
    var details = form.closest("details");
    if (details) {
      details.open = true;
    }
    if (resolution) {
      resolution.focus();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (window.location.hash === "#search") {
      focusSearch();
    }
  });
})();
