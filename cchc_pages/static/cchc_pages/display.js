/* The reader's display choices, text size (A-/A/A+) and high contrast (TT 26/2020/TT-BTTTT; WCAG
   2.1 1.4.4, 1.4.3), kept in this browser's localStorage: no account, no cookie, nothing sent, so
   they work on cached pages too. Loaded in <head> without defer, so the classes are on <html>
   before the first paint (no flash of the default look); the buttons are wired once the page is
   read. Without JavaScript the buttons stay hidden (display.css) and the browser's own zoom and
   contrast settings apply. */
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZES = { small: "cchc-text-small", normal: "", large: "cchc-text-large" };
  function read(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function write(key, value) {
    try { if (value) window.localStorage.setItem(key, value); else window.localStorage.removeItem(key); } catch (e) { /* private mode: this page only */ }
  }
  function apply(size, contrast) {
    Object.keys(SIZES).forEach(function (name) { if (SIZES[name]) root.classList.toggle(SIZES[name], name === size); });
    root.classList.toggle("cchc-contrast", contrast);
  }
  var size = SIZES.hasOwnProperty(read("cchc-text-size")) ? read("cchc-text-size") : "normal";
  var contrast = read("cchc-contrast") === "1";
  root.classList.add("cchc-js");
  apply(size, contrast);

  function sync() {
    document.querySelectorAll("[data-cchc-text]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-cchc-text") === size));
    });
    document.querySelectorAll("[data-cchc-contrast]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(contrast));
    });
  }
  function wire() {
    document.querySelectorAll("[data-cchc-text]").forEach(function (button) {
      button.addEventListener("click", function () {
        size = button.getAttribute("data-cchc-text");
        write("cchc-text-size", size === "normal" ? null : size);
        apply(size, contrast); sync();
      });
    });
    document.querySelectorAll("[data-cchc-contrast]").forEach(function (button) {
      button.addEventListener("click", function () {
        contrast = !contrast;
        write("cchc-contrast", contrast ? "1" : null);
        apply(size, contrast); sync();
      });
    });
    sync();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire); else wire();
})();
