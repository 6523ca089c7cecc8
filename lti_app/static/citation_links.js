// Cartable, a module page: a citation leads to its entry in the references,
// which is highlighted (CSS :target does it without JavaScript too) and gets a
// link back to the very citation that was followed, so the reader finds their
// place in the text again.
(function () {
  "use strict";
  var BACK = { fr: "Retour à la citation dans le texte", en: "Back to the citation in the text" };
  var counter = 0;

  function backLink(entry, citation) {
    var link = entry.querySelector("a.back-to-citation");
    if (!link) {
      link = document.createElement("a");
      link.className = "back-to-citation";
      link.textContent = window.cartableSay(BACK);
      entry.appendChild(document.createTextNode(" "));
      entry.appendChild(link);
      link.addEventListener("click", function (event) {
        var back = document.getElementById(link.getAttribute("href").slice(1));
        if (!back) { return; }
        event.preventDefault();
        entry.classList.remove("cited");
        back.focus();
        back.scrollIntoView({ block: "center" });
      });
    }
    link.setAttribute("href", "#" + citation.id);
  }

  document.addEventListener("click", function (event) {
    var citation = event.target.closest && event.target.closest('.module-body a[href^="#ref-"]');
    if (!citation) { return; }
    var entry = document.getElementById(decodeURIComponent(citation.getAttribute("href").slice(1)));
    if (!entry) { return; }
    if (!citation.id) { counter += 1; citation.id = "cite-" + counter; }
    document.querySelectorAll(".cited").forEach(function (e) { e.classList.remove("cited"); });
    entry.classList.add("cited");
    entry.tabIndex = -1;
    backLink(entry, citation);
    window.setTimeout(function () { entry.focus(); }, 0);
  });
})();
