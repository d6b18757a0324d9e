/* "Print" buttons of print views ([data-cchc-print]): a file, not an onclick attribute, so pages
   keep working under a Content-Security-Policy without 'unsafe-inline'. */
document.querySelectorAll("[data-cchc-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
