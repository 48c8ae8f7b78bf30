// Behaviour the CSP allows only from static files: no inline scripts anywhere in the portal.
document.addEventListener("click", function (event) {
  var print = event.target.closest("[data-print]");
  if (print) {
    event.preventDefault();
    window.print();
  }
  var confirmer = event.target.closest("[data-confirm]");
  if (confirmer && !window.confirm(confirmer.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
// Filter forms: submitting drops empty fields, so shared URLs stay short and readable.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-clean-get]")) { return; }
  Array.prototype.forEach.call(form.elements, function (field) {
    if (field.name && !field.value) { field.disabled = true; }
  });
});
// Event form: propose the address (slug) from the German title while nobody has typed one.
document.addEventListener("input", function (event) {
  var source = event.target.closest("[data-slug-source]");
  var form = source && source.form;
  var target = form && form.querySelector("[data-slug-target]");
  if (!target || (target.value && target.dataset.proposed !== target.value)) { return; }
  var slug = source.value.toLowerCase()
    .replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss")
    .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 190);
  target.value = slug;
  target.dataset.proposed = slug;
});
// A form that came back with errors: move the focus to its error summary, so a screen reader
// reads it and the keyboard starts there (templates/forms/error_summary.html). A link in the
// summary focuses its field itself, with the field's label in view (a plain jump to the id
// would scroll the label out of sight and, in some browsers, leave the focus on the link).
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    // The title is the first thing a screen reader says of the page (WCAG technique G199).
    document.title = summary.getAttribute("data-error-summary") + " " + document.title;
  }
})();
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) { return; }
  var field = document.getElementById(link.getAttribute("href").slice(1));
  if (!field) { return; }
  event.preventDefault();
  var group = (field.type === "radio" || field.type === "checkbox") && field.closest("fieldset");
  var label = group ? group.querySelector("legend")
    : document.querySelector("label[for='" + field.id + "']");
  (label || field).scrollIntoView();
  field.focus({ preventScroll: true });
});
// Export column chooser (templates/exports/columns.html): the up/down buttons post the form
// without JavaScript; with it they move the row at once, keep the focus on the moved button,
// renumber the rows and say where the column is now.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-column-chooser] [data-column-move]");
  if (!button) { return; }
  event.preventDefault();
  var row = button.closest("[data-column]");
  var list = row.parentNode;
  var up = button.getAttribute("data-column-move") === "up";
  var other = up ? row.previousElementSibling : row.nextElementSibling;
  if (!other) { return; }
  list.insertBefore(row, up ? other : other.nextElementSibling);
  var rows = list.querySelectorAll("[data-column]");
  Array.prototype.forEach.call(rows, function (item, index) {
    item.querySelector("[data-column-position]").textContent = (index + 1) + ".";
    item.querySelector("[data-column-move='up']").disabled = index === 0;
    item.querySelector("[data-column-move='down']").disabled = index === rows.length - 1;
    item.classList.toggle("is-moved", item === row);
  });
  var target = button.disabled ? row.querySelector("[data-column-move]:not([disabled])") : button;
  if (target) { target.focus(); }
  var status = list.parentNode.querySelector("[data-column-status]");
  var label = row.querySelector("label").textContent;
  var position = Array.prototype.indexOf.call(rows, row) + 1;
  if (status) {
    status.textContent = status.getAttribute("data-column-status")
      .replace("{label}", label.trim()).replace("{position}", position)
      .replace("{count}", rows.length);
  }
});
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-column-chooser] [data-column-tick]");
  if (!button) { return; }
  event.preventDefault();
  var tick = button.getAttribute("data-column-tick") === "all";
  button.form.querySelectorAll("[data-column] input[type=checkbox]").forEach(function (box) {
    box.checked = tick;
  });
});
// Formsets that grow in place (a group registration's people, an event's questions): without
// JavaScript the "add" button sends the form and the page comes back with one row more (or the
// form always ends with an empty row, its button hidden); with it, the row is added from the
// <template> (the formset's empty form) and counted in TOTAL_FORMS. A [data-formset="prefix"]
// box scopes it when one form holds several formsets.
document.querySelectorAll("[data-formset-add][hidden]").forEach(function (button) {
  button.hidden = false;
});
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-formset-add]");
  if (!button) { return; }
  var box = button.closest("[data-formset]") || button.form;
  var prefix = box.getAttribute("data-formset");
  var template = box.querySelector("template[data-formset-template]");
  var rows = box.querySelector("[data-formset-rows]");
  var total = box.querySelector(prefix ? "input[name='" + prefix + "-TOTAL_FORMS']"
    : "input[name$='-TOTAL_FORMS']");
  var max = box.querySelector(prefix ? "input[name='" + prefix + "-MAX_NUM_FORMS']"
    : "input[name$='-MAX_NUM_FORMS']");
  if (!template || !rows || !total) { return; }
  event.preventDefault();
  var index = parseInt(total.value, 10);
  if (max && index >= parseInt(max.value, 10)) { button.disabled = true; return; }
  var html = template.innerHTML.replace(/__prefix__/g, String(index));
  rows.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  var added = rows.lastElementChild;
  var first = added && added.querySelector("input, select, textarea");
  if (first) { first.focus(); }
});
