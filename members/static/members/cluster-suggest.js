// The directory's cluster filter: when the page could not list every cluster as a suggestion
// (more than members.filters.CLUSTER_SUGGESTIONS), ask the server for the ones matching what
// was typed. Without JavaScript the field still works: the server finds the cluster by its
// address or by part of its name.
(function () {
  "use strict";
  var input = document.getElementById("id_cluster");
  var list = document.getElementById("cluster-suggestions");
  if (!input || !list || list.hasAttribute("data-complete") || !window.fetch) {
    return;
  }
  var timer = null;
  var last = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var text = input.value.trim();
      if (text.length < 2 || text === last) {
        return;
      }
      last = text;
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(text), {
        headers: {"Accept": "application/json"}
      }).then(function (response) {
        return response.ok ? response.json() : {results: []};
      }).then(function (data) {
        list.replaceChildren.apply(list, data.results.map(function (cluster) {
          var option = document.createElement("option");
          option.value = cluster.slug;
          option.textContent = cluster.name;
          return option;
        }));
      }).catch(function () {});
    }, 200);
  });
})();
