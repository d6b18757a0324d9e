/* Counts a page view, and a site visit once per browser session, by posting to the
   uncached counter endpoint; then shows the fresh totals. Works on cached pages. */
(function () {
  "use strict";
  var script = document.querySelector("script[data-cchc-counter]");
  if (!script || !window.fetch) return;
  var body = new URLSearchParams();
  if (script.dataset.page) body.append("page", script.dataset.page);
  var firstVisit = false;
  try {
    firstVisit = !window.sessionStorage.getItem("cchc-visited");
    window.sessionStorage.setItem("cchc-visited", "1");
  } catch (e) { /* storage disabled: count no visit */ }
  if (firstVisit) body.append("visit", "1");
  var format = function (n) { return Number(n).toLocaleString(document.documentElement.lang || "vi"); };
  fetch(script.dataset.url, { method: "POST", body: body, credentials: "omit", keepalive: true })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) return;
      document.querySelectorAll("[data-cchc-page-views]").forEach(function (el) {
        if (data.page_views != null) el.textContent = format(data.page_views);
      });
      document.querySelectorAll("[data-cchc-site-visits]").forEach(function (el) {
        if (data.site_visits != null) el.textContent = format(data.site_visits);
      });
    })
    .catch(function () { /* counting is best effort; the page stays usable */ });
})();
