// The language switch of base.html posts `next`, the page's address with its query (the list's
// filters, order and page). A list that filters through htmx changes that address without reloading
// the header, so at the moment of switching `next` is set to the address the browser shows now.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("lang-switch")) return;
    var next = form.querySelector("input[name=next]");
    if (next) next.value = window.location.pathname + window.location.search;
  });
})();
