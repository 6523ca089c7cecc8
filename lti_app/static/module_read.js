// Cartable, a module page: "Marquer comme lu" / "Marquer comme non lu" without
// a reload. The form is sent with fetch; the page it leads to (the same module)
// gives the new state of the "read" section, which replaces the old one; focus
// goes to the section's new button and the live section says the new state.
// Without JavaScript the form posts and the page comes back at #read.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var section = form.closest && form.closest("section#read");
    if (!section || !window.fetch || !window.DOMParser) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    var body = new FormData(form);
    if (submitter && submitter.name) { body.set(submitter.name, submitter.value); }
    if (window.cartableRenew) { window.cartableRenew(); }
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("read");
        if (!fresh) { throw new Error("no read section"); }
        section.innerHTML = fresh.innerHTML;
        var button = section.querySelector("button");
        if (button) { button.focus(); }
      })
      .catch(function () { form.submit(); });
  });
})();
