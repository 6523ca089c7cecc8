// The development LMS hears the tool's "org.imsglobal.lti.close", as Moodle does.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("registration-frame");
    if (!section) { return; }
    var toolOrigin = section.getAttribute("data-tool-origin");
    window.addEventListener("message", function (event) {
      if (event.origin !== toolOrigin) { return; }
      if (!event.data || event.data.subject !== "org.imsglobal.lti.close") { return; }
      window.location.assign(section.getAttribute("data-done-url") + "?closed=1");
    });
  });
})();
