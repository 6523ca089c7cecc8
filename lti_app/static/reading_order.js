// Cartable, a reading-list section: reorder without reloading the page.
// The "Monter" / "Descendre" forms (the keyboard way, and the way without
// JavaScript) are sent with fetch; a reference can also be dragged by its handle.
// Each move is one small request to the same endpoint, which answers in JSON with
// a sentence announced in the live region; focus stays on the pressed button.
(function () {
  "use strict";
  var FAILED = {
    fr: "Le déplacement n’a pas pu être enregistré : rechargez la page et réessayez.",
    en: "The move could not be saved: reload the page and try again."
  };

  function announce(text) {
    var status = document.getElementById("reorder-status");
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function refreshButtons(list) {
    var items = list.querySelectorAll(":scope > li");
    items.forEach(function (li, index) {
      li.querySelector('form.move[data-step="-1"] button').hidden = index === 0;
      li.querySelector('form.move[data-step="1"] button').hidden = index === items.length - 1;
    });
  }

  function applyOrder(list, order) {
    order.forEach(function (id) {
      var li = list.querySelector(':scope > li[data-item="' + id + '"]');
      if (li) { list.appendChild(li); }
    });
    refreshButtons(list);
  }

  function send(list, li, fields) {
    var form = li.querySelector("form.move");
    var body = new FormData(form);
    body.delete("step");
    Object.keys(fields).forEach(function (name) { body.set(name, fields[name]); });
    if (window.cartableRenew) { window.cartableRenew(); }
    return fetch(li.getAttribute("data-move"), {
      method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      applyOrder(list, data.order);
      announce(data.message);
    }).catch(function () { announce(window.cartableSay(FAILED)); });
  }

  function keepFocus(li, step) {
    var button = li.querySelector('form.move[data-step="' + step + '"] button');
    if (button.hidden) { button = li.querySelector('form.move[data-step="' + (-step) + '"] button'); }
    if (!button.hidden) { button.focus(); }
  }

  function onSubmit(list, event) {
    var form = event.target.closest("form.move");
    if (!form) { return; }
    event.preventDefault();
    var li = form.closest("li");
    var step = form.getAttribute("data-step");
    send(list, li, { step: step }).then(function () { keepFocus(li, step); });
  }

  function enableDrag(list) {
    var dragged = null;
    var from = -1;
    function indexOf(li) { return Array.prototype.indexOf.call(list.querySelectorAll(":scope > li"), li); }
    list.querySelectorAll(":scope > li").forEach(function (li) {
      li.draggable = true;
      li.querySelector(".drag-handle").hidden = false;
    });
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("li");
      if (!dragged) { return; }
      from = indexOf(dragged);
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.getAttribute("data-item"));
    });
    list.addEventListener("dragover", function (event) {
      var over = event.target.closest("li");
      if (!dragged || !over || over === dragged || over.parentNode !== list) { return; }
      event.preventDefault();
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("dragover", function (event) { if (dragged) { event.preventDefault(); } });
    list.addEventListener("drop", function (event) { if (dragged) { event.preventDefault(); } });
    list.addEventListener("dragend", function () {
      if (!dragged) { return; }
      var li = dragged;
      dragged = null;
      li.classList.remove("dragging");
      var position = indexOf(li);
      if (position !== from) { send(list, li, { position: position }); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector("ol[data-reorder]");
    if (!list) { return; }
    document.getElementById("reorder-hint").hidden = false;
    list.addEventListener("submit", function (event) { onSubmit(list, event); });
    enableDrag(list);
  });
})();
