// Cartable, reading list: "copy the citation" with the Clipboard API.
// The button copies the entry's plain text (the rendered entry without its
// markup, as the server's text rendering is). Without clipboard access the entry's
// text is selected for the person to copy, and the status says so; without
// JavaScript the button stays hidden and the entry is ordinary selectable text.
// The mark buttons ("Marquer comme lu"...) answer in place, without a reload.
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

  // "Marquer comme lu" and the other mark buttons: sent with fetch, the entry's
  // state and buttons updated in place, focus kept on the entry's buttons (the
  // pressed one, or its neighbour when it no longer applies). Without JavaScript
  // the page's "marks" form posts and comes back at the entry.
  var MARK_FAILED = {
    fr: "Le suivi n’a pas pu être enregistré : rechargez la page et réessayez.",
    en: "Your progress could not be saved: reload the page and try again."
  };

  function showMark(paragraph, data) {
    paragraph.querySelector(".mark-state strong").textContent = data.state;
    paragraph.querySelectorAll("button[form=marks]").forEach(function (b) {
      b.setAttribute("formaction", data.action);
      var value = b.value;
      b.hidden = value === data.status || (value === "none" && data.status === "none");
    });
  }

  function mark(button) {
    var paragraph = button.closest("p.mark");
    var form = document.getElementById("marks");
    var body = new FormData(form);
    body.set("status", button.value);
    var buttons = Array.prototype.slice.call(paragraph.querySelectorAll("button[form=marks]"));
    var status = document.getElementById("mark-status");
    if (window.cartableRenew) { window.cartableRenew(); }
    fetch(button.getAttribute("formaction"), {
      method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      showMark(paragraph, data);
      var index = buttons.indexOf(button);
      var next = buttons.slice(index).concat(buttons.slice(0, index)).filter(function (b) { return !b.hidden; })[0];
      if (next) { next.focus(); }
      announceIn(status, data.message);
    }).catch(function () { announceIn(status, say(MARK_FAILED)); });
  }

  function announceIn(status, message) {
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("p.mark button[form=marks]");
    if (!button || !window.fetch) { return; }
    event.preventDefault();
    mark(button);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button.copy-citation").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
