/* badgepress sharing buttons on a badge page: copy the page's address, print the
   certificate. Without JavaScript the buttons stay hidden; the page says what to do. */
(function () {
  "use strict";
  document.querySelectorAll("button[data-bp-copy]").forEach(function (button) {
    if (!navigator.clipboard || !window.isSecureContext) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-bp-copy")).then(function () {
        button.textContent = "Link copied";
      }, function () {
        button.textContent = "Could not copy: select the address below";
      });
      setTimeout(function () { button.textContent = label; }, 4000);
    });
  });
  document.querySelectorAll("button[data-bp-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
