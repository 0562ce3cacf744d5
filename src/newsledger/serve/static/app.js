// newsledger: a little script where it helps; every page works without it.
// On a story page, pointing at a source (its column, a chart mark, a legend entry) lights up that
// source's column and marks together, so one voice can be followed across the table and the chart.
(function () {
  "use strict";
  function sameSource(source) {
    return Array.prototype.filter.call(document.querySelectorAll("[data-source]"), function (el) {
      return el.getAttribute("data-source") === source;
    });
  }
  function light(event, on) {
    var el = event.target.closest ? event.target.closest("[data-source]") : null;
    if (!el) return;
    sameSource(el.getAttribute("data-source")).forEach(function (match) {
      match.classList.toggle("focus", on);
    });
  }
  document.addEventListener("mouseover", function (event) { light(event, true); });
  document.addEventListener("mouseout", function (event) { light(event, false); });
  document.addEventListener("focusin", function (event) { light(event, true); });
  document.addEventListener("focusout", function (event) { light(event, false); });
})();
