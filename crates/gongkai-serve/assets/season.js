// gongkai: the filing form's live arithmetic. The 总计 cells of tables 三 and 四 are computed
// as the filer types their parts, and every identity of the tables (the template's, sent by the
// server in #identity-data) is checked after each keystroke. The form works without this
// script: saving checks every rule on the server.
(function () {
  "use strict";
  var data = document.getElementById("identity-data");
  var list = document.getElementById("identities");
  var summary = document.getElementById("identities-summary");
  if (!data || !list) return;
  var inputs = {};
  document.querySelectorAll("form.filing input[data-key]").forEach(function (i) { inputs[i.dataset.key] = i; });
  // An identity over a cell the form does not print (a group's aggregate row, where the
  // format has its sub-rows instead) is left to the server's check.
  var identities = JSON.parse(data.textContent || "[]").filter(function (id) {
    return id.left.concat(id.right).every(function (t) { return !t.cell || inputs[t.cell]; });
  });
  var english = document.documentElement.lang === "en";

  // A cell's number: digits (with a decimal point), anything else (blank, "/", "—") counts 0.
  function number(key) {
    var i = inputs[key];
    if (!i) return 0;
    var v = i.value.trim().replace(/[０-９]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); });
    return /^\d+(\.\d+)?$/.test(v) ? Number(v) : 0;
  }
  function filled(key) {
    var i = inputs[key];
    return !!i && /^\s*[\d０-９]+(\.\d+)?\s*$/.test(i.value);
  }
  // A term's value and the cells it was counted from: a group counts its sub-rows where every
  // one holds a number, else its aggregate.
  function term(t) {
    if (t.cell) return { value: number(t.cell), keys: [t.cell] };
    var parts = t.parts.filter(function (k) { return inputs[k]; });
    if (parts.length && parts.every(filled)) {
      return { value: parts.reduce(function (s, k) { return s + number(k); }, 0), keys: parts };
    }
    return { value: number(t.aggregate), keys: [t.aggregate] };
  }
  function side(terms) {
    return terms.map(term).reduce(function (a, t) {
      return { value: a.value + t.value, keys: a.keys.concat(t.keys) };
    }, { value: 0, keys: [] });
  }
  // The totals computed from their parts: the single cell on the left of a row's or table
  // 四's total identity.
  var totals = {};
  identities.forEach(function (id) {
    if ((id.kind === "row_total" || id.kind === "table4_total") && id.left.length === 1 && id.left[0].cell) {
      var key = id.left[0].cell;
      if (inputs[key]) {
        totals[key] = id;
        inputs[key].classList.add("computed");
      }
    }
  });
  function compute(changed) {
    Object.keys(totals).forEach(function (key) {
      var id = totals[key];
      var parts = side(id.right);
      if (changed && parts.keys.indexOf(changed) >= 0) inputs[key].value = String(parts.value);
    });
  }
  // A cell as the filer knows it: its row and column as the template prints them.
  function label(key) { return (inputs[key] && inputs[key].dataset.label) || key; }
  function round(x) { return Math.round(x * 100) / 100; }
  function check() {
    document.querySelectorAll("form.filing input.fails").forEach(function (i) { i.classList.remove("fails"); });
    list.textContent = "";
    var failed = 0;
    identities.forEach(function (id) {
      var l = side(id.left), r = side(id.right);
      if (round(l.value) === round(r.value)) return;
      failed += 1;
      l.keys.concat(r.keys).forEach(function (k) { if (inputs[k]) inputs[k].classList.add("fails"); });
      var li = document.createElement("li");
      li.className = "finding sev-error identity-fails";
      li.dataset.cells = l.keys.concat(r.keys).join(" ");
      li.textContent = l.keys.map(label).join(" + ") + " = " + round(l.value) + (english ? ", but " : "，而 ") +
        r.keys.map(label).join(" + ") + " = " + round(r.value);
      li.title = l.keys.concat(r.keys).join(" ");
      list.appendChild(li);
    });
    summary.className = failed ? "sev-error" : "ok";
    summary.textContent = failed
      ? (english ? failed + " of " + identities.length + " identities fail" : identities.length + " 条表内关系中有 " + failed + " 条不成立")
      : (english ? "All " + identities.length + " identities hold" : identities.length + " 条表内关系全部成立");
  }
  document.addEventListener("input", function (e) {
    var key = e.target.dataset && e.target.dataset.key;
    if (!key) return;
    compute(key);
    check();
  });
  list.addEventListener("click", function (e) {
    var li = e.target.closest("li");
    var first = li && (li.dataset.cells || "").split(" ")[0];
    if (first && inputs[first]) inputs[first].focus();
  });
  check();
})();
