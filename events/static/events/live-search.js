// The participant list's search as one types: the server filters (the form works without this
// script, by its button); the script only asks it again after a short pause and swaps the
// results in, so the focus and the caret stay in the search field.
(function () {
  var form = document.querySelector("form[data-live-filter]");
  var results = document.querySelector("[data-live-results]");
  var status = document.querySelector("[data-live-status]");
  if (!form || !results || !window.fetch) { return; }
  var timer = null;
  var asked = 0;
  function query() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value && !field.disabled) { params.append(field.name, field.value); }
    });
    return params.toString();
  }
  function refresh() {
    var number = ++asked;
    var url = form.getAttribute("action") || window.location.pathname;
    var search = query();
    url = url.split("?")[0] + (search ? "?" + search : "");
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || number !== asked) { return; }  // an older answer: ignore it
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("[data-live-results]");
        if (!fresh) { return; }
        results.innerHTML = fresh.innerHTML;
        window.history.replaceState(null, "", url);
        var count = results.querySelector("[data-live-count]");
        if (status && count) { status.textContent = count.textContent; }
      })
      .catch(function () { /* the button still works */ });
  }
  form.addEventListener("input", function (event) {
    if (!event.target.matches("input[type=search]")) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  });
})();
