// Cartable module editor: autosaved drafts (server and this browser), live preview.
(function () {
  "use strict";
  var DELAY = 2000;

  function token() {
    var field = document.querySelector('input[name="ltik"]');
    return field ? field.value : null;
  }

  function post(url, payload) {
    var headers = { "Content-Type": "application/json", "Accept": "application/json" };
    var ltik = token();
    if (ltik) { headers.Authorization = "Bearer " + ltik; }
    return fetch(url, { method: "POST", headers: headers, body: JSON.stringify(payload), credentials: "same-origin" });
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, wait);
    };
  }

  function readLocal(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function writeLocal(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full or off */ }
  }

  function clock(date) {
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function setup(form) {
    var data = form.dataset;
    var title = form.querySelector('[name="title"]');
    var body = form.querySelector('[name="body"]');
    var base = form.querySelector('[name="base_revision"]');
    var status = document.getElementById("autosave-status");
    var preview = document.getElementById("live-preview");
    var offer = document.getElementById("local-draft");
    var key = data.storageKey;
    // While a restore offer waits for an answer, the server draft is not overwritten.
    var paused = Boolean(data.serverOffer);

    function payload() {
      return { title: title.value, body: body.value, base_revision: base ? base.value : "" };
    }

    function saveServer() {
      if (paused) { return; }
      status.textContent = data.msgSaving;
      post(data.draftUrl, payload()).then(function (response) {
        if (response.status === 401) { status.textContent = data.msgExpired; return; }
        if (!response.ok) { status.textContent = data.msgOffline; return; }
        status.textContent = data.msgSaved.replace("{time}", clock(new Date()));
        if (window.cartableRenew) { window.cartableRenew(); }
      }).catch(function () { status.textContent = data.msgOffline; });
    }

    function refreshPreview() {
      post(data.previewUrl, payload()).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        // The fragment is the server's sanitised rendering (see sanitize.py).
        if (html !== null) { preview.innerHTML = html; tokenInLinks(); }
      }).catch(function () { /* the Aperçu button still works */ });
    }

    var later = debounce(saveServer, DELAY);
    var previewLater = debounce(refreshPreview, 800);

    function typed() {
      var copy = payload();
      copy.savedAt = new Date().toISOString();
      writeLocal(key, copy);
      later();
      previewLater();
    }

    function offerLocal(copy) {
      var message = document.createElement("p");
      message.textContent = data.msgLocal.replace("{time}", new Date(copy.savedAt).toLocaleString());
      var restore = document.createElement("button");
      restore.type = "button";
      restore.textContent = data.msgRestore;
      var ignore = document.createElement("button");
      ignore.type = "button";
      ignore.textContent = data.msgIgnore;
      restore.addEventListener("click", function () {
        title.value = copy.title || "";
        body.value = copy.body || "";
        if (base && copy.base_revision) { base.value = copy.base_revision; }
        offer.textContent = data.msgRestored;
        paused = false;
        typed();
        body.focus();
      });
      ignore.addEventListener("click", function () {
        offer.textContent = "";
        paused = false;
      });
      offer.classList.add("notice");
      offer.append(message, restore, " ", ignore);
      paused = true;
    }

    var copy = readLocal(key);
    var differs = copy && (copy.body !== body.value || copy.title !== title.value);
    var newer = copy && (!data.savedAt || new Date(copy.savedAt) > new Date(data.savedAt));
    if (differs && newer && !data.serverOffer) { offerLocal(copy); }
    if (data.serverOffer) {
      form.closest("main").querySelector(".draft-offer form").addEventListener("submit", function () { paused = false; });
    }
    title.addEventListener("input", typed);
    body.addEventListener("input", typed);
  }

  function tokenInLinks() {
    // Files of a module are served to course members only: in an iframe that keeps
    // no cookie, images and links need the launch token like every other link.
    var ltik = token() || (/[?&]ltik=([^&]+)/.exec(window.location.search) || [])[1];
    if (!ltik) { return; }
    document.querySelectorAll('.module-body img[src^="/modules/"], .module-body a[href^="/modules/"]').forEach(function (el) {
      var attr = el.tagName === "IMG" ? "src" : "href";
      var url = el.getAttribute(attr);
      if (url.indexOf("ltik=") === -1) {
        el.setAttribute(attr, url + (url.indexOf("?") === -1 ? "?" : "&") + "ltik=" + encodeURIComponent(decodeURIComponent(ltik)));
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("module-editor");
    if (form) { setup(form); }
    tokenInLinks();
  });
})();
