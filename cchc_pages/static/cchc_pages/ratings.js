/* "Thông tin này có hữu ích không?" answered in place from a page that may come from a full-page
   cache: fetch a fresh ticket from the uncached endpoint, post the answer with it, say thanks.
   The reasons show once "No" is chosen. Without JavaScript the form goes to the uncached
   confirmation page instead, where everything is shown. */
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;

  function init(widget) {
    if (widget.dataset.ready) return;
    widget.dataset.ready = "1";
    var form = widget.querySelector("form");
    var more = widget.querySelector("[data-more]");
    var reasons = widget.querySelector("[data-reasons]");
    var message = widget.querySelector("[data-message]");
    var button = form.querySelector("button[type=submit]");

    function sync() {
      var answer = form.querySelector("input[name=useful]:checked");
      more.hidden = !answer;
      reasons.hidden = !answer || answer.value !== "0";
      if (reasons.hidden) reasons.querySelectorAll("input").forEach(function (input) { input.checked = false; });
    }
    form.querySelectorAll("input[name=useful]").forEach(function (input) { input.addEventListener("change", sync); });
    sync();

    function say(text, refused) {
      message.textContent = text;
      message.classList.toggle("cchc-rating__refused", !!refused);
      message.classList.toggle("cchc-rating__thanks", !refused);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      fetch(widget.dataset.tokenUrl, { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error("ticket"); return r.json(); })
        .then(function (data) {
          var body = new FormData(form);
          body.append("token", data.token);
          return fetch(widget.dataset.sendUrl, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } });
        })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          button.disabled = false;
          if (data.ok) {
            say(data.message, false);
            form.querySelectorAll("fieldset, textarea").forEach(function (el) { el.disabled = true; });
            more.hidden = true;
          } else {
            say(data.error, true);
          }
        })
        .catch(function () {
          button.disabled = false;
          form.submit();  /* fall back to the plain form (the uncached confirmation page) */
        });
    });
  }

  function start() { document.querySelectorAll("[data-cchc-rating]").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
