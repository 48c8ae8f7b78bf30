// Formsets that grow without a round trip: "Add a question" appends a row from the
// <template> (the formset's empty form) and counts it in TOTAL_FORMS. Without JavaScript the
// form always ends with an empty row, and saving offers the next one.
(function () {
  Array.prototype.forEach.call(document.querySelectorAll("[data-formset]"), function (box) {
    var prefix = box.getAttribute("data-formset");
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = box.querySelector("template[data-formset-template]");
    var rows = box.querySelector("[data-formset-rows]");
    var add = box.querySelector("[data-formset-add]");
    if (!total || !template || !rows || !add) { return; }
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("input, select, textarea");
      if (first) { first.focus(); }
    });
  });
})();
