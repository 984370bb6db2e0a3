// Every file input lists the files chosen (name and size) right below it, so a person sees what will
// be sent before sending it, several files included. Without JavaScript the browser's own input still
// names the choice; nothing is fetched, nothing is sent until the form is.
(function () {
  function size(bytes) {
    var megabytes = bytes / 1048576;
    var text = megabytes >= 0.1 ? megabytes.toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
    return document.documentElement.lang === "en" ? text : text.replace(".", ",");
  }
  function listFor(input) {
    var list = input.parentNode.querySelector(".chosen-files[data-for='" + input.id + "']");
    if (!list) list = document.getElementById(input.getAttribute("aria-describedby") || "");
    if (!list || !list.classList.contains("chosen-files")) {
      list = document.createElement("ul");
      list.className = "chosen-files";
      list.setAttribute("aria-live", "polite");
      list.dataset.for = input.id;
      input.insertAdjacentElement("afterend", list);
    }
    return list;
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
    var list = listFor(input);
    list.textContent = "";
    Array.prototype.forEach.call(input.files || [], function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " (" + size(file.size) + ")";
      list.appendChild(item);
    });
  });
})();
