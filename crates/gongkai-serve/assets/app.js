// gongkai: conveniences on the review page. Everything works without this script.
(function () {
  "use strict";
  function select(key) {
    document.querySelectorAll("td.selected").forEach(function (td) { td.classList.remove("selected"); });
    var cell = document.getElementById("c-" + key);
    if (cell) { cell.classList.add("selected"); cell.scrollIntoView({ block: "center" }); }
    return cell;
  }
  // Scrolls the source panel, and only it, so that the line stands in its middle: the line's
  // offsetTop counts from the page, not from the panel.
  function reveal(line) {
    var box = line.parentNode;
    var offset = line.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += offset - (box.clientHeight - line.offsetHeight) / 2;
  }
  function fill(key, cell) {
    var k = document.getElementById("edit-key"), v = document.getElementById("edit-value");
    if (!k || !v) return;
    k.value = key;
    v.value = cell ? cell.firstChild && cell.firstChild.nodeType === 3 ? cell.firstChild.nodeValue : "" : "";
    // The form stays in view at the foot of the window: focusing it must not scroll the page
    // away from the cell clicked.
    v.focus({ preventScroll: true });
    v.select();
  }
  document.addEventListener("click", function (e) {
    var finding = e.target.closest("li.finding");
    if (finding && !e.target.closest("form")) {
      document.querySelectorAll("li.finding.active, .source li.active").forEach(function (x) { x.classList.remove("active"); });
      finding.classList.add("active");
      var cells = (finding.dataset.cells || "").split(" ").filter(Boolean);
      if (cells.length) { e.preventDefault(); select(cells[0]); }
      var line = document.getElementById("L" + finding.dataset.line);
      if (line) { line.classList.add("active"); reveal(line); }
      return;
    }
    var td = e.target.closest("td.cell");
    if (td && !e.target.closest("a")) {
      select(td.dataset.key);
      fill(td.dataset.key, td);
    }
  });
  if (location.hash.indexOf("#c-") === 0) select(decodeURIComponent(location.hash.slice(3)));
})();
