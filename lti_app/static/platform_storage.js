// Cartable: keep the launch state in the platform's storage frame (1EdTech LTI
// client-side postMessages, lti.capabilities / lti.put_data / lti.get_data).
// Every message goes to the platform's OIDC origin, never "*"; an answer counts
// only from that origin and with the message_id we sent. No answer in time: the
// login goes on by the cookie path, the launch posts without the values.
(function () {
  "use strict";
  var box = document.getElementById("lti-storage");
  if (!box) { return; }
  var data = box.dataset;
  var origin = data.origin;
  var timeout = parseInt(data.timeout, 10) || 2000;
  var platform = window.opener || window.parent;
  var counter = 0;

  function messageId(subject) {
    counter += 1;
    var random = window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID() : String(Math.random()).slice(2);
    return "cartable-" + subject + "-" + counter + "-" + random;
  }

  // Send one message and wait for its answer: resolves with the answer, rejects on
  // an error answer or a timeout.
  function ask(target, message) {
    message.message_id = messageId(message.subject);
    return new Promise(function (resolve, reject) {
      function listen(event) {
        var answer = event.data;
        if (event.origin !== origin || !answer || typeof answer !== "object") { return; }
        if (answer.subject !== message.subject + ".response" || answer.message_id !== message.message_id) { return; }
        window.removeEventListener("message", listen);
        window.clearTimeout(timer);
        if (answer.error) { reject(new Error(String(answer.error.code || answer.error))); } else { resolve(answer); }
      }
      var timer = window.setTimeout(function () {
        window.removeEventListener("message", listen);
        reject(new Error("timeout"));
      }, timeout);
      window.addEventListener("message", listen);
      target.postMessage(message, origin);
    });
  }

  function frameNamed(name) {
    if (!platform || platform === window) { return null; }
    if (name === "_parent") { return platform; }
    try { return platform.frames[name] || null; } catch (e) { return null; }
  }

  // lti.capabilities first: the platform may name another frame for storage. It is
  // asked of the lti_storage_target frame when there is one (that frame is on the
  // platform's OIDC origin, as Canvas's forwarding frame is), else of the parent.
  function storageFrame() {
    var fallbackName = data.target;
    if (!platform || platform === window) { return Promise.reject(new Error("no platform window")); }
    var asked = frameNamed(fallbackName) || platform;
    return ask(asked, { subject: "lti.capabilities" }).then(function (answer) {
      var supported = answer.supported_messages || [];
      var put = supported.filter(function (m) { return m && m.subject === "lti.put_data"; })[0];
      if (!put) { throw new Error("no lti.put_data"); }
      return frameNamed(put.frame || fallbackName);
    }, function (error) {
      if (error.message !== "timeout") { throw error; }
      return frameNamed(fallbackName);  // a platform without lti.capabilities
    }).then(function (frame) {
      if (!frame) { throw new Error("no storage frame"); }
      return frame;
    });
  }

  function put(frame, key, value) {
    return ask(frame, { subject: "lti.put_data", key: key, value: value }).then(function (answer) {
      if (answer.key !== key || answer.value !== value) { throw new Error("not stored"); }
    });
  }

  function get(frame, key) {
    return ask(frame, { subject: "lti.get_data", key: key }).then(function (answer) {
      if (answer.key !== key) { throw new Error("other key"); }
      return answer.value;
    });
  }

  function login() {
    storageFrame().then(function (frame) {
      return put(frame, "state-" + data.state, data.state).then(function () {
        return put(frame, "nonce-" + data.nonce, data.nonce);
      });
    }).then(function () {
      window.location.replace(data.next);
    }, function () {
      window.location.replace(data.fallback);
    });
  }

  function launch() {
    var form = box;
    function field(name) { return form.querySelector('input[name="' + name + '"]'); }
    storageFrame().then(function (frame) {
      return Promise.all([get(frame, "state-" + data.state), get(frame, "nonce-" + data.nonce)]);
    }).then(function (values) {
      if (values[0] !== data.state || values[1] !== data.nonce) { throw new Error("mismatch"); }
      field("lti_storage_state").value = values[0];
      field("lti_storage_nonce").value = values[1];
      form.submit();
    }, function () {
      var failed = document.createElement("input");
      failed.type = "hidden";
      failed.name = "lti_storage_failed";
      failed.value = "1";
      form.appendChild(failed);
      form.submit();
    });
  }

  if (data.mode === "login") { login(); } else if (data.mode === "launch") { launch(); }
})();
