// Cartable, reading list: "copy the citation" with the Clipboard API.
// The button copies the entry's plain text (the rendered entry without its
// markup, as the server's text rendering is). Without clipboard access the entry's
// text is selected for the person to copy, and the status says so; without
// JavaScript the button stays hidden and the entry is ordinary selectable text.
(function () {
  "use strict";
  var COPIED = { fr: "Citation copiée dans le presse-papiers.", en: "Citation copied to the clipboard." };
  var FAILED = {
    fr: "Copie impossible : le texte de la référence est sélectionné, copiez-le avec Ctrl+C (⌘+C).",
    en: "Could not copy: the reference text is selected, copy it with Ctrl+C (⌘+C)."
  };

  function say(messages) {
    var lang = (document.documentElement.lang || "fr").slice(0, 2);
    return messages[lang] || messages.fr;
  }

  function announce(button, message) {
    var status = button.parentNode.querySelector(".copy-status");
    if (!status) { return; }
    status.textContent = "";
    // Set after a tick so that a repeated message is announced again.
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function plainText(entry) {
    return entry.textContent.replace(/[ \t\r\n]+/g, " ").trim();
  }

  function selectText(entry) {
    var range = document.createRange();
    range.selectNodeContents(entry);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    var entry = document.getElementById(button.getAttribute("data-copy"));
    if (!entry) { return; }
    var failed = function () { selectText(entry); announce(button, say(FAILED)); };
    if (!navigator.clipboard || !window.isSecureContext) { failed(); return; }
    navigator.clipboard.writeText(plainText(entry)).then(
      function () { announce(button, say(COPIED)); },
      failed
    );
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button.copy-citation").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
