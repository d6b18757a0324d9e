/* Counts a page view, and a site visit once per browser session, by posting to the
   uncached counter endpoint; then shows the fresh totals. Works on cached pages.
   The random token kept in sessionStorage lets the server count a page once per browser
   session and interval; it is not a cookie, is sent nowhere else and leaves with the tab. */
(function () {
  "use strict";
  var script = document.querySelector("script[data-cchc-counter]");
  if (!script || !window.fetch) return;
  var body = new URLSearchParams();
  if (script.dataset.page) body.append("page", script.dataset.page);
  var randomToken = function () {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  };
  var firstVisit = false;
  var token = null;
  try {
    firstVisit = !window.sessionStorage.getItem("cchc-visited");
    window.sessionStorage.setItem("cchc-visited", "1");
    token = window.sessionStorage.getItem("cchc-counter-token");
    if (!token) {
      token = randomToken();
      window.sessionStorage.setItem("cchc-counter-token", token);
    }
  } catch (e) { /* storage disabled: count no visit, and this page load as its own browser */ }
  if (!token) token = randomToken();
  body.append("token", token);
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
