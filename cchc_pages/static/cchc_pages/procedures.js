/* On a phone the procedure filters come first: fold the ones not in use so the results stay close. */
if (window.matchMedia("(max-width: 900px)").matches) {
  document.querySelectorAll(".cchc-facet").forEach(function (d) { if (!d.querySelector("[aria-current]")) d.open = false; });
}
