// Cartable, reading list: "copy the citation" with the Clipboard API.
// Without JavaScript or clipboard access the citation stays selectable below the
// button (a <details> with a read-only text area).
(function () {
  "use strict";
  var COPIED = { fr: "Citation copiée dans le presse-papiers.", en: "Citation copied to the clipboard." };
  var FAILED = {
    fr: "Copie impossible : sélectionnez le texte ci-dessous puis copiez-le.",
    en: "Could not copy: select the text below and copy it."
  };

  function say(messages) {
    var lang = (document.documentElement.lang || "fr").slice(0, 2);
    return messages[lang] || messages.fr;
  }

  function announce(button, message) {
    var status = button.parentNode.querySelector(".copy-status");
    if (!status) { return; }
    status.textContent = "";
    // A fresh text node after a tick: screen readers announce repeated messages.
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function fallback(button, area) {
    var details = area.closest("details");
    if (details) { details.open = true; }
    area.focus();
    area.select();
    announce(button, say(FAILED));
  }

  function copy(button) {
    var area = document.getElementById(button.getAttribute("data-copy"));
    if (!area) { return; }
    if (!navigator.clipboard || !window.isSecureContext) { fallback(button, area); return; }
    navigator.clipboard.writeText(area.value).then(
      function () { announce(button, say(COPIED)); },
      function () { fallback(button, area); }
    );
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button.copy-citation").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
