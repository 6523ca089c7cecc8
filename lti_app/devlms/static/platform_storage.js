// Development LMS: LTI platform storage as Canvas offers it (1EdTech LTI
// client-side postMessages). The activity page and its storage frame answer
// lti.capabilities, naming the frame; the frame answers lti.put_data / lti.get_data. Only the
// registered tool's origins are answered, each with its own keys, and every
// answer goes back to the asking window at its own origin, never "*".
(function () {
  "use strict";
  var box = document.getElementById("lti-platform");
  if (!box) { return; }
  var origins = (box.dataset.toolOrigins || "").split(" ").filter(Boolean);
  var role = box.dataset.role;
  var kept = {};

  function answer(event, fields) {
    var reply = { subject: event.data.subject + ".response", message_id: event.data.message_id };
    Object.keys(fields).forEach(function (name) { reply[name] = fields[name]; });
    event.source.postMessage(reply, event.origin);
  }

  function capabilities(event) {
    var frame = box.dataset.frame;
    answer(event, { supported_messages: [
      { subject: "lti.capabilities" },
      { subject: "lti.put_data", frame: frame },
      { subject: "lti.get_data", frame: frame }
    ] });
  }

  function storage(event) {
    var message = event.data;
    if (typeof message.key !== "string" || !message.key) {
      answer(event, { error: { code: "bad_request", message: "key required" } });
      return;
    }
    var slot = event.origin + " " + message.key;
    if (message.subject === "lti.put_data") {
      kept[slot] = String(message.value);
      answer(event, { key: message.key, value: kept[slot] });
    } else if (!Object.prototype.hasOwnProperty.call(kept, slot)) {
      answer(event, { key: message.key, error: { code: "bad_request", message: "no such key" } });
    } else {
      answer(event, { key: message.key, value: kept[slot] });
    }
  }

  window.addEventListener("message", function (event) {
    var message = event.data;
    if (origins.indexOf(event.origin) < 0 || !message || typeof message !== "object") { return; }
    if (!message.message_id || !event.source) { return; }
    // Both answer lti.capabilities: tools ask the storage frame or the parent.
    if (message.subject === "lti.capabilities") { capabilities(event); }
    if (role === "storage" && (message.subject === "lti.put_data" || message.subject === "lti.get_data")) { storage(event); }
  });
})();
