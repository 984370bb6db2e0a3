// The booth form's product picker (promotion/widgets.py): the checkboxes stay the form's field, hidden;
// a search box offers the products whose folded name or producer contains every word typed ("tra"
// finds "Trà", "ha long" finds "Hạ Long"), only the chosen producer's when one is chosen; the checked
// ones show as chips, each with a button that unchecks it. Keyboard: ↓/↑ move, Enter picks, Escape
// closes, Backspace in an empty box removes the last chip. Choosing another producer unchecks the
// products of the one before and says so. Without JavaScript the checkboxes show.
(function () {
  var SHOWN = 8;

  function fold(text) {
    return text
      .replace(/[đĐ]/g, "d")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function setUp(picker) {
    var boxes = Array.prototype.slice.call(picker.querySelectorAll(".picker-checkboxes input[type=checkbox]"));
    var search = picker.querySelector(".picker-search");
    var options = picker.querySelector(".picker-options");
    var chips = picker.querySelector(".picker-chips");
    var status = picker.querySelector(".picker-status");
    var producer = picker.closest("form").querySelector("select[name=producer]");
    var active = -1;
    var shown = [];

    function eligible(box) {
      return !producer || !producer.value || box.dataset.producer === producer.value;
    }

    function drawChips() {
      chips.textContent = "";
      boxes.filter(function (box) { return box.checked; }).forEach(function (box) {
        var chip = document.createElement("li");
        chip.className = "picker-chip";
        var name = document.createElement("span");
        name.textContent = box.dataset.name;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "picker-remove";
        remove.textContent = "×";
        remove.setAttribute("aria-label", picker.dataset.remove + " " + box.dataset.name);
        remove.addEventListener("click", function () {
          box.checked = false;
          drawChips();
          drawOptions();
          search.focus();
        });
        chip.appendChild(name);
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
      chips.hidden = !chips.children.length;
    }

    function close() {
      options.hidden = true;
      search.setAttribute("aria-expanded", "false");
      search.removeAttribute("aria-activedescendant");
      status.hidden = true;
      active = -1;
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(options.children, function (item, position) {
        item.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      if (index >= 0) {
        search.setAttribute("aria-activedescendant", options.children[index].id);
        options.children[index].scrollIntoView({ block: "nearest" });
      } else {
        search.removeAttribute("aria-activedescendant");
      }
    }

    function pick(box) {
      box.checked = true;
      search.value = "";
      drawChips();
      close();
      search.focus();
    }

    function drawOptions() {
      var words = fold(search.value).split(" ").filter(Boolean);
      shown = boxes.filter(function (box) {
        return !box.checked && eligible(box) && words.every(function (word) {
          return box.dataset.search.indexOf(word) !== -1;
        });
      }).slice(0, SHOWN);
      options.textContent = "";
      shown.forEach(function (box) {
        var item = document.createElement("li");
        item.id = box.id + "_option";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.className = "picker-option";
        var name = document.createElement("span");
        name.textContent = box.dataset.name;
        var owner = document.createElement("span");
        owner.className = "muted";
        owner.textContent = box.dataset.owner;
        item.appendChild(name);
        item.appendChild(owner);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { pick(box); });
        options.appendChild(item);
      });
      options.hidden = !shown.length;
      search.setAttribute("aria-expanded", shown.length ? "true" : "false");
      status.hidden = shown.length > 0;
      status.textContent = shown.length ? "" : picker.dataset.empty;
      highlight(shown.length && words.length ? 0 : -1);
    }

    search.addEventListener("input", drawOptions);
    search.addEventListener("focus", drawOptions);
    search.addEventListener("blur", close);
    search.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (options.hidden) drawOptions();
        if (!shown.length) return;
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + shown.length) % shown.length);
      } else if (event.key === "Enter") {
        if (!options.hidden && active >= 0) {
          event.preventDefault();  // picks; never submits the form half-chosen
          pick(shown[active]);
        }
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Backspace" && !search.value) {
        var checked = boxes.filter(function (box) { return box.checked; });
        if (checked.length) {
          checked[checked.length - 1].checked = false;
          drawChips();
        }
      }
    });
    // Another producer: the products of the one before are no longer the booth's; say how many left.
    if (producer) producer.addEventListener("change", function () {
      var dropped = boxes.filter(function (box) { return box.checked && !eligible(box); });
      dropped.forEach(function (box) { box.checked = false; });
      if (dropped.length) {
        drawChips();
        status.textContent = picker.dataset.dropped.replace("%(count)s", dropped.length);
        status.hidden = false;
      }
      if (!options.hidden) drawOptions();
    });

    picker.querySelector(".picker-checkboxes").hidden = true;
    search.hidden = false;
    drawChips();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-product-picker]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
