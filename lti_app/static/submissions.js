// Cartable drop-off: drag and drop onto the file input, and an upload with a real
// progress bar (XHR upload events). Without this script the form posts as usual.
(function () {
  "use strict";
  var form = document.getElementById("dropoff");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var input = form.querySelector('input[type="file"]');
  var zone = document.getElementById("dropzone");
  var box = document.getElementById("progress-box");
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var button = form.querySelector('button[type="submit"]');
  var maxBytes = parseInt(form.dataset.maxBytes, 10);
  var maxFiles = parseInt(form.dataset.maxFiles, 10);

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "error-message" : "";
  }

  function token() {
    var field = document.querySelector('input[name="ltik"]');
    if (field && field.value) { return field.value; }
    var match = /[?&]ltik=([^&]+)/.exec(form.action);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function problem(files) {
    if (files.length > maxFiles) { return form.dataset.msgTooMany; }
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > maxBytes) { return form.dataset.msgTooBig.replace("{name}", files[i].name); }
    }
    return "";
  }

  function chosen() {
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    var issue = problem(input.files);
    say(issue || form.dataset.msgChosen.replace("{names}", names.join(", ")), !!issue);
  }

  zone.addEventListener("dragover", function (event) {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", function () { zone.classList.remove("dragging"); });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      chosen();
    }
  });
  input.addEventListener("change", chosen);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var issue = problem(input.files);
    if (issue) { say(issue, true); return; }
    var data = new FormData(form);  // csrf_token first, then the files
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Authorization", "Bearer " + token());
    xhr.setRequestHeader("X-CSRFToken", form.querySelector('input[name="csrf_token"]').value);
    box.hidden = false;
    bar.value = 0;
    button.disabled = true;
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) { return; }
      var percent = Math.floor((e.loaded / e.total) * 100);
      bar.value = percent;
      bar.textContent = percent + " %";
      say(form.dataset.msgSending.replace("{percent}", percent));
    });
    xhr.upload.addEventListener("load", function () {
      bar.value = 100;
      say(form.dataset.msgChecking);
    });
    xhr.addEventListener("load", function () {
      var answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (ignored) { answer = {}; }
      if (xhr.status === 201 && answer.receipt_url) {
        window.location.assign(answer.receipt_url);
        return;
      }
      button.disabled = false;
      say(answer.message || form.dataset.msgFailed, true);
    });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      say(form.dataset.msgFailed, true);
    });
    xhr.send(data);
  });
}());
