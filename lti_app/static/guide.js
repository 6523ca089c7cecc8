// Cartable marking guide: a bank comment goes into its criterion's comment field
// at once (one click or keypress), focus stays there for editing. Without this
// script the bank buttons post the form and the page comes back with the comment.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.bank-use") : null;
    if (!button) { return; }
    var field = document.getElementById(button.dataset.target);
    if (!field) { return; }
    event.preventDefault();
    var current = field.value.replace(/\s+$/, "");
    field.value = current ? current + "\n" + button.dataset.text : button.dataset.text;
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
  });
  var target = document.querySelector("[data-focus]");
  if (target) { target.focus(); }
})();
