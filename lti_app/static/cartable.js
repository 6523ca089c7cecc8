// Cartable: submit auto-forms, and renew the launch token while the page is in use.
(function () {
  "use strict";
  // A message of the page's scripts in the page's language ({fr: ..., en: ...}).
  window.cartableSay = function (messages) {
    var lang = (document.documentElement.lang || "fr").slice(0, 2);
    return messages[lang] || messages.fr;
  };

  document.addEventListener("DOMContentLoaded", function () {
    var auto = document.querySelector("form[data-autosubmit]");
    if (auto) { auto.submit(); }
  });

  var meta = document.querySelector('meta[name="cartable-renew"]');
  if (!meta) { return; }
  var renewUrl = meta.getAttribute("content");
  var active = false;
  ["keydown", "input", "click", "scroll"].forEach(function (name) {
    document.addEventListener(name, function () { active = true; }, { passive: true });
  });

  function currentToken() {
    var field = document.querySelector('input[name="ltik"]');
    if (field) { return field.value; }
    var match = /[?&]ltik=([^&]+)/.exec(window.location.search);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function apply(token) {
    document.querySelectorAll('input[name="ltik"]').forEach(function (f) { f.value = token; });
    document.querySelectorAll('a[href*="ltik="]').forEach(function (a) {
      a.href = a.href.replace(/([?&]ltik=)[^&]+/, "$1" + encodeURIComponent(token));
    });
  }

  function renew() {
    var token = currentToken();
    if (!active || !token) { return; }
    active = false;
    fetch(renewUrl, { method: "POST", headers: { "Authorization": "Bearer " + token, "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && data.token) { apply(data.token); } })
      .catch(function () { /* the expired-session page keeps what was typed */ });
  }
  window.cartableRenew = renew;
  setInterval(renew, 5 * 60 * 1000);
})();
