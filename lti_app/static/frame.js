// Cartable, inside an LMS frame: tell the platform the page's height
// (lti.frameResize, honoured by Canvas and others) on load and whenever it
// changes; the message carries only a number, so any parent may read it. Wide
// tables get a scrolling box of their own, focusable when it scrolls.
(function () {
  "use strict";
  function wrapTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.parentNode.classList.contains("table-scroll")) { return; }
      var box = document.createElement("div");
      box.className = "table-scroll";
      var caption = table.querySelector("caption");
      if (caption) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption.textContent.trim());
      }
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
    markScrollers();
  }

  function markScrollers() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) { box.tabIndex = 0; } else { box.removeAttribute("tabindex"); }
    });
  }

  var lastHeight = 0;
  function postHeight() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === lastHeight) { return; }
    lastHeight = height;
    window.parent.postMessage({ subject: "lti.frameResize", height: height }, "*");
  }

  document.addEventListener("DOMContentLoaded", wrapTables);
  window.addEventListener("resize", markScrollers);
  if (window.parent === window) { return; }
  window.addEventListener("load", postHeight);
  if ("ResizeObserver" in window) {
    new ResizeObserver(postHeight).observe(document.documentElement);
  } else {
    window.addEventListener("resize", postHeight);
  }
})();
