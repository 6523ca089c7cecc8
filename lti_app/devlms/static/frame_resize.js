// Development LMS: honour the tool's lti.frameResize, as Canvas does: the content
// frame takes the height the framed page asks for (only from that frame, bounded).
(function () {
  "use strict";
  var frame = document.getElementById("contentframe");
  if (!frame) { return; }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== frame.contentWindow || !data || data.subject !== "lti.frameResize") { return; }
    var height = Number(data.height);
    if (!isFinite(height) || height <= 0) { return; }
    frame.style.height = Math.min(Math.max(Math.round(height), 200), 20000) + "px";
  });
})();
