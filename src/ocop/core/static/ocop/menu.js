// The site menu of base.html, a <details> that works without this script: on a wide screen it is kept
// open (its button is hidden there, so assistive technology reads the menu as shown), on a phone it
// starts folded; Escape folds it again and returns to its button. Nothing is loaded from outside.
(function () {
  "use strict";
  var menu = document.querySelector("[data-site-menu]");
  if (!menu) return;
  var wide = window.matchMedia("(min-width: 48rem)");
  function follow() {
    menu.open = wide.matches;
  }
  follow();
  wide.addEventListener("change", follow);
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
