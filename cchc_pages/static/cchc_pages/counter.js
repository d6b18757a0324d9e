/* Counts a page view, a site visit once per browser session, and this tab as reading now once
   per window (data-online-minutes), by posting to the uncached counter endpoint; then shows the
   fresh totals (Đang truy cập / Hôm nay / Tổng). Works on cached pages.
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
  var reading = false;
  try {
    var windowMs = (Number(script.dataset.onlineMinutes) || 5) * 60000;
    var reportedAt = Number(window.sessionStorage.getItem("cchc-online-at")) || 0;
    if (Date.now() - reportedAt >= windowMs) {
      reading = true;
      window.sessionStorage.setItem("cchc-online-at", String(Date.now()));
    }
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
  if (reading) body.append("online", "1");
  var format = function (n) { return Number(n).toLocaleString(document.documentElement.lang || "vi"); };
  fetch(script.dataset.url, { method: "POST", body: body, credentials: "omit", keepalive: true })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) return;
      document.querySelectorAll("[data-cchc-page-views]").forEach(function (el) {
        if (data.page_views != null) el.textContent = format(data.page_views);
      });
      var show = function (selector, value) {
        document.querySelectorAll(selector).forEach(function (el) { if (value != null) el.textContent = format(value); });
      };
      show("[data-cchc-site-visits]", data.site_visits);
      show("[data-cchc-visits-today]", data.visits_today);
      show("[data-cchc-online]", data.online);
    })
    .catch(function () { /* counting is best effort; the page stays usable */ });
})();
