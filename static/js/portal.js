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
