// Dynamic Registration's last step: tell the platform's window it may close us.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var done = document.getElementById("registration-done");
    var button = document.getElementById("registration-close");
    if (!done || !button) { return; }
    button.addEventListener("click", function () {
      var origin = done.getAttribute("data-platform-origin");
      var target = window.opener || (window.parent !== window ? window.parent : null);
      if (target && origin) {
        // The platform's origin, never "*": only the LMS that opened us hears it.
        target.postMessage({ subject: "org.imsglobal.lti.close" }, origin);
      }
      if (window.opener) { window.close(); }
    });
  });
})();
