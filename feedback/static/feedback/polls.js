/* Votes in place from a poll widget that may come from a full-page cache: fetch a fresh vote
   token from the uncached endpoint, post the ballot with it, show the message and the results.
   Without JavaScript the widget's form goes to the uncached ballot page instead. */
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;

  function init(widget) {
    if (widget.dataset.ready) return;
    widget.dataset.ready = "1";
    var form = widget.querySelector("form");
    if (!form) return;  /* a closed poll shows no form */
    var message = widget.querySelector("[data-message]");
    var results = widget.querySelector("[data-results]");
    var challenge = widget.querySelector("[data-challenge]");
    var button = form.querySelector("button[type=submit]");
    var token = null;

    function say(text, isError) {
      message.textContent = text;
      message.classList.toggle("cchc-poll__refused", !!isError);
      message.classList.toggle("cchc-poll__thanks", !isError);
    }

    function getToken() {
      if (token) return Promise.resolve(token);
      return fetch(widget.dataset.tokenUrl, { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error("token"); return r.json(); })
        .then(function (data) {
          token = data.token;
          if (data.challenge && challenge.hidden) {
            challenge.hidden = false;
            challenge.querySelector("[data-challenge-question]").textContent = data.challenge;
            challenge.querySelector("input").required = true;
            challenge.querySelector("input").focus();
            return null;  /* the reader answers, then presses Vote again */
          }
          return token;
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      getToken().then(function (value) {
        if (!value) { button.disabled = false; return; }
        var body = new FormData(form);
        body.append("token", value);
        token = null;  /* a token is good for one vote only */
        return fetch(widget.dataset.voteUrl, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            button.disabled = false;
            if (data.ok) {
              say(data.message, false);
              form.querySelector("fieldset").disabled = true;
              button.hidden = true;
              results.innerHTML = data.results_html;
            } else {
              say(data.error, true);
            }
          });
      }).catch(function () {
        button.disabled = false;
        form.submit();  /* fall back to the plain form (the uncached ballot page) */
      });
    });
  }

  function start() { document.querySelectorAll("[data-cchc-poll]").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
