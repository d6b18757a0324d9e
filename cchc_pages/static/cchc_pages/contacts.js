/* Reveal obfuscated email addresses ("user [at] domain" in the HTML, the address reversed and
   base64-encoded in data-cchc-email) as mailto: links, so simple scrapers find no address in the page. */
(function () {
  "use strict";
  function reveal(root) {
    var nodes = (root || document).querySelectorAll("[data-cchc-email]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var address;
      try {
        address = atob(node.getAttribute("data-cchc-email")).split("").reverse().join("");
      } catch (e) {
        continue;
      }
      var link = document.createElement("a");
      link.className = "cchc-email";
      link.href = "mailto:" + address;
      link.textContent = address;
      node.parentNode.replaceChild(link, node);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { reveal(); });
  } else {
    reveal();
  }
})();
