// The phrase bank of report.html: filters, sorting and the detail of a phrase.  Plain JavaScript, no library.
// Every string from the corpus goes into the page as text (textContent, setAttribute), never as markup.
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("page-data").textContent);
  var PAGE = 100;
  var phrases = DATA.phrases;
  var kinds = DATA.kinds;
  var sections = DATA.sections;
  var facets = DATA.facets;
  var docs = DATA.docs;
  var yearFacet = -1;
  facets.forEach(function (f, i) { if (f.range && yearFacet < 0) { yearFacet = i; } });

  // characters per (report, section type): the totals of keyness
  var chars = docs.map(function () { return new Float64Array(sections.length); });
  DATA.chars.forEach(function (c) { chars[c[0]][c[1]] = c[2]; });

  var state = {
    query: "",
    examples: false,
    kinds: kinds.map(function () { return true; }),
    section: -1,
    facet: facets.map(function () { return null; }),
    sort: "rank",
    shown: PAGE,
    open: {}
  };

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function option(value, label) {
    var node = el("option", null, label);
    node.value = value;
    return node;
  }

  // ---- filters -------------------------------------------------------------------------------------

  // reports that pass the metadata filters (null: every report)
  function selectedDocs() {
    var active = state.facet.some(function (v) { return v !== null; });
    if (!active) { return null; }
    var keep = new Uint8Array(docs.length);
    docs.forEach(function (doc, i) {
      var ok = state.facet.every(function (value, f) {
        if (value === null) { return true; }
        var v = doc[2 + f];
        if (facets[f].range) {
          return v !== "" && (value[0] === "" || v >= value[0]) && (value[1] === "" || v <= value[1]);
        }
        return v === value;
      });
      keep[i] = ok ? 1 : 0;
    });
    return keep;
  }

  function xlogx(a, e) { return a > 0 ? a * Math.log(a / e) : 0; }

  // signed log-likelihood G² (Rayson & Garside 2000), as analysis.scoring.keyness_g2
  function keyness(a, b, c, d) {
    if (a + b === 0 || c <= 0 || d <= 0) { return 0; }
    var e1 = c * (a + b) / (c + d);
    var e2 = d * (a + b) / (c + d);
    var g2 = Math.max(0, 2 * (xlogx(a, e1) + xlogx(b, e2)));
    return a * d >= b * c ? g2 : -g2;
  }

  // a phrase's counts inside the filters: occurrences, reports, keyness of the chosen section type
  function measure(ph, keep, section, sizes) {
    if (!keep && section < 0) { return { f: ph.f, d: ph.d, key: 0 }; }
    var o = ph.o;
    var f = 0, other = 0, d = 0, last = -1;
    for (var i = 0; i < o.length; i += 3) {
      if (keep && !keep[o[i]]) { continue; }
      if (section >= 0 && o[i + 1] !== section) { other += o[i + 2]; continue; }
      f += o[i + 2];
      if (o[i] !== last) { d += 1; last = o[i]; }
    }
    var key = section >= 0 ? keyness(f, other, sizes[0], sizes[1]) : 0;
    return { f: f, d: d, key: key };
  }

  // characters of the chosen section type and of all other sections, in the chosen reports
  function sectionSizes(keep, section) {
    var inside = 0, outside = 0;
    if (section < 0) { return [0, 0]; }
    chars.forEach(function (row, doc) {
      if (keep && !keep[doc]) { return; }
      for (var s = 0; s < row.length; s++) {
        if (s === section) { inside += row[s]; } else { outside += row[s]; }
      }
    });
    return [inside, outside];
  }

  function matchesQuery(ph, words) {
    for (var i = 0; i < words.length; i++) {
      if (ph.p.indexOf(words[i]) < 0 && !(state.examples && String(ph.e).indexOf(words[i]) >= 0)) {
        return false;
      }
    }
    return true;
  }

  function filtered() {
    var keep = selectedDocs();
    var section = state.section;
    var sizes = sectionSizes(keep, section);
    var words = state.query.split(/\s+/).filter(function (w) { return w.length > 0; });
    var rows = [];
    phrases.forEach(function (ph, index) {
      if (!state.kinds[ph.k] || !matchesQuery(ph, words)) { return; }
      var m = measure(ph, keep, section, sizes);
      if ((keep || section >= 0) && m.f === 0) { return; }
      rows.push({ index: index, ph: ph, f: m.f, d: m.d, key: m.key });
    });
    var by = {
      rank: function (a, b) { return a.index - b.index; },
      freq: function (a, b) { return b.f - a.f || a.index - b.index; },
      docs: function (a, b) { return b.d - a.d || b.f - a.f || a.index - b.index; },
      key: function (a, b) { return b.key - a.key || a.index - b.index; }
    };
    rows.sort(by[state.sort] || by.rank);
    return { rows: rows, keep: keep };
  }

  // ---- rendering -----------------------------------------------------------------------------------

  function appendMarked(parent, text, phrase) {
    var at = phrase ? text.indexOf(phrase) : -1;
    if (at < 0) { parent.appendChild(document.createTextNode(text)); return; }
    parent.appendChild(document.createTextNode(text.slice(0, at)));
    parent.appendChild(el("mark", null, phrase));
    parent.appendChild(document.createTextNode(text.slice(at + phrase.length)));
  }

  // which report a concordance line comes from: its title, with its year in front when the title has none
  function docLabel(doc) {
    var d = docs[doc];
    var year = yearFacet >= 0 ? d[2 + yearFacet] : "";
    return year && d[1].indexOf(year) < 0 ? year + " " + d[1] : d[1];
  }

  function number(value) {
    if (typeof value !== "number") { return value === null ? "" : String(value); }
    if (Number.isInteger(value)) { return String(value); }
    return Math.abs(value) < 0.01 ? value.toPrecision(2) : value.toFixed(2);
  }

  function detail(row, keep) {
    var ph = row.ph;
    var box = el("div", "detail-box");
    box.appendChild(el("h5", null, "例句"));
    var example = el("p", "example-full");
    appendMarked(example, String(ph.e), ph.p);
    box.appendChild(example);

    var lines = ph.c.filter(function (c) {
      return (!keep || keep[c[0]]) && (state.section < 0 || c[1] === state.section);
    });
    var hidden = ph.c.length - lines.length;
    var head = "语境（全部报告中找到 " + ph.n + " 处，收录 " + ph.c.length + " 条";
    head += hidden > 0 ? "，其中 " + hidden + " 条不在当前筛选范围内）" : "）";
    box.appendChild(el("h5", null, head));
    if (lines.length) {
      var table = el("div", "kwic");
      lines.forEach(function (c) {
        var where = el("div", "where", sections[c[1]][1] + " · " + docLabel(c[0]));
        where.setAttribute("title", docs[c[0]][0] + " — " + docs[c[0]][1]);
        table.appendChild(where);
        var left = el("div", "left"), right = el("div", "right");
        left.appendChild(el("span", null, c[2]));
        right.appendChild(el("span", null, c[4]));
        table.appendChild(left);
        table.appendChild(el("div", "kw", c[3]));
        table.appendChild(right);
      });
      box.appendChild(table);
    } else {
      box.appendChild(el("p", "meta", "当前筛选范围内没有收录的语境。"));
    }

    var bySection = sections.map(function () { return 0; });
    var byYear = {};
    for (var i = 0; i < ph.o.length; i += 3) {
      if (keep && !keep[ph.o[i]]) { continue; }
      bySection[ph.o[i + 1]] += ph.o[i + 2];
      if (yearFacet >= 0) {
        var y = docs[ph.o[i]][2 + yearFacet];
        byYear[y] = (byYear[y] || 0) + ph.o[i + 2];
      }
    }
    box.appendChild(el("h5", null, "章节分布（出现次数）"));
    var dist = el("div", "dist");
    bySection.forEach(function (n, s) {
      if (!n) { return; }
      var item = el("span", null, sections[s][1] + " ");
      item.appendChild(el("b", null, n));
      dist.appendChild(item);
    });
    box.appendChild(dist);

    if (yearFacet >= 0) {
      var values = facets[yearFacet].values;
      var most = 0;
      values.forEach(function (v) { most = Math.max(most, byYear[v] || 0); });
      box.appendChild(el("h5", null, facets[yearFacet].label + "分布（各" + facets[yearFacet].label + "出现次数）"));
      var bars = el("div", "years");
      values.forEach(function (v) {
        var n = byYear[v] || 0;
        var bar = el("span", n ? null : "zero");
        bar.style.height = (n ? Math.max(4, 100 * n / most) : 2) + "%";
        bar.setAttribute("title", v + "：" + n + " 次");
        bars.appendChild(bar);
      });
      box.appendChild(bars);
      var axis = el("div", "years-axis");
      axis.appendChild(el("span", null, values[0]));
      axis.appendChild(el("span", null, values[values.length - 1]));
      box.appendChild(axis);
    }

    var fields = el("p", "fields");
    var score = el("span", null);
    score.appendChild(el("b", null, "得分"));
    score.appendChild(document.createTextNode(number(ph.s) + "（同类内可比）  "));
    score.setAttribute("title", "score");
    fields.appendChild(score);
    DATA.columns.forEach(function (col, i) {
      var v = ph.x[i];
      if (v === null || v === "") { return; }
      var item = el("span", null);
      item.appendChild(el("b", null, col[1]));
      item.appendChild(document.createTextNode(number(v) + "  "));
      item.setAttribute("title", col[0]);
      fields.appendChild(item);
    });
    box.appendChild(fields);
    return box;
  }

  function phraseRow(row, position, keep) {
    var ph = row.ph;
    var tr = el("tr", "phrase-row");
    tr.setAttribute("data-index", String(row.index));
    tr.tabIndex = 0;
    tr.setAttribute("aria-expanded", state.open[row.index] ? "true" : "false");
    tr.appendChild(el("td", "num pos", position));
    var phraseCell = el("td", "phrase");
    appendMarked(phraseCell, ph.p, state.query.split(/\s+/)[0]);
    tr.appendChild(phraseCell);
    var kind = el("td");
    var badge = el("span", "badge k" + (ph.k % 8), kinds[ph.k][1]);
    badge.setAttribute("title", kinds[ph.k][0]);
    kind.appendChild(badge);
    tr.appendChild(kind);
    tr.appendChild(el("td", "num", row.f));
    tr.appendChild(el("td", "num", row.d));
    tr.appendChild(el("td", "num key-col", row.key ? row.key.toFixed(1) : "0"));
    var example = el("td", "example");
    var clip = el("span", "clip");
    appendMarked(clip, String(ph.e), ph.p);
    example.appendChild(clip);
    tr.appendChild(example);
    var rows = [tr];
    if (state.open[row.index]) {
      tr.classList.add("open");
      var more = el("tr", "detail");
      var cell = el("td");
      cell.colSpan = 7;
      cell.appendChild(detail(row, keep));
      more.appendChild(cell);
      rows.push(more);
    }
    return rows;
  }

  function render() {
    var result = filtered();
    var rows = result.rows;
    var body = $("bank-rows");
    var fragment = document.createDocumentFragment();
    rows.slice(0, state.shown).forEach(function (row, i) {
      phraseRow(row, i + 1, result.keep).forEach(function (tr) { fragment.appendChild(tr); });
    });
    body.replaceChildren(fragment);
    var shown = Math.min(state.shown, rows.length);
    var text = rows.length
      ? "显示 " + shown + " 条 / 符合条件 " + rows.length + " 条（页面共 " + phrases.length + " 条）"
      : "没有符合条件的提法。";
    if (state.section >= 0) { text += "；按“" + sections[state.section][1] + "”章节计数"; }
    if (result.keep) {
      var n = 0;
      result.keep.forEach(function (k) { n += k; });
      text += "；筛选范围内报告 " + n + " 篇";
    }
    $("status").textContent = text;
    var more = $("more");
    more.hidden = rows.length <= state.shown;
    more.textContent = "显示更多（还有 " + (rows.length - shown) + " 条）";
    $("bank").classList.toggle("show-key", state.section >= 0);
  }

  // ---- controls ------------------------------------------------------------------------------------

  function buildKindToggles() {
    var box = $("kind-filters");
    kinds.forEach(function (kind, i) {
      var button = el("button", "kind-toggle k" + (i % 8));
      button.type = "button";
      button.appendChild(document.createTextNode(kind[1]));
      button.appendChild(el("span", "n", kind[2]));
      button.setAttribute("title", kind[0] + "：单击只看此类，再单击加选或取消");
      button.setAttribute("data-kind", String(i));
      button.addEventListener("click", function () {
        var all = state.kinds.every(Boolean);
        if (all) {
          state.kinds = kinds.map(function (_, j) { return j === i; });
        } else {
          state.kinds[i] = !state.kinds[i];
          if (!state.kinds.some(Boolean)) { state.kinds = kinds.map(function () { return true; }); }
        }
        syncKinds();
        refresh();
      });
      box.appendChild(button);
    });
    syncKinds();
  }

  function syncKinds() {
    var all = state.kinds.every(Boolean);
    document.querySelectorAll(".kind-toggle").forEach(function (button) {
      var on = state.kinds[Number(button.getAttribute("data-kind"))];
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.classList.toggle("all", all);
    });
  }

  function labelled(text, control, title) {
    var label = el("label", "select", text);
    if (title) { label.setAttribute("title", title); }
    label.appendChild(control);
    return label;
  }

  function buildPlaceFilters() {
    var box = $("place-filters");
    var section = el("select");
    section.id = "section";
    section.appendChild(option("-1", "全部章节"));
    sections.forEach(function (s, i) { section.appendChild(option(String(i), s[1])); });
    section.addEventListener("change", function () {
      state.section = Number(section.value);
      if (state.section >= 0) { state.sort = "key"; } else if (state.sort === "key") { state.sort = "rank"; }
      $("sort").value = state.sort;
      refresh();
    });
    box.appendChild(labelled("章节", section, "section type"));
    facets.forEach(function (facet, f) {
      if (facet.range) {
        var from = el("select"), to = el("select");
        from.id = "facet-" + f + "-from";
        to.id = "facet-" + f + "-to";
        from.appendChild(option("", "最早"));
        to.appendChild(option("", "最晚"));
        facet.values.forEach(function (v) { from.appendChild(option(v, v)); to.appendChild(option(v, v)); });
        var change = function () {
          state.facet[f] = from.value || to.value ? [from.value, to.value] : null;
          refresh();
        };
        from.addEventListener("change", change);
        to.addEventListener("change", change);
        var label = labelled(facet.label, from, facet.name);
        label.appendChild(document.createTextNode("至"));
        label.appendChild(to);
        box.appendChild(label);
      } else {
        var select = el("select");
        select.id = "facet-" + f;
        select.appendChild(option("\u0000", "全部"));
        facet.values.forEach(function (v) { select.appendChild(option(v, v)); });
        select.addEventListener("change", function () {
          state.facet[f] = select.value === "\u0000" ? null : select.value;
          refresh();
        });
        box.appendChild(labelled(facet.label, select, facet.name));
      }
    });
  }

  function refresh() {
    state.shown = PAGE;
    render();
  }

  function reset() {
    state.query = "";
    state.examples = false;
    state.kinds = kinds.map(function () { return true; });
    state.section = -1;
    state.facet = facets.map(function () { return null; });
    state.sort = "rank";
    state.open = {};
    $("search").value = "";
    $("search-examples").checked = false;
    $("sort").value = "rank";
    document.querySelectorAll("#place-filters select").forEach(function (s) { s.selectedIndex = 0; });
    syncKinds();
    refresh();
  }

  function init() {
    buildKindToggles();
    buildPlaceFilters();
    var timer = null;
    $("search").addEventListener("input", function (event) {
      clearTimeout(timer);
      timer = setTimeout(function () {
        state.query = event.target.value.trim();
        refresh();
      }, 120);
    });
    $("search-examples").addEventListener("change", function (event) {
      state.examples = event.target.checked;
      refresh();
    });
    $("sort").addEventListener("change", function (event) {
      state.sort = event.target.value;
      refresh();
    });
    $("reset").addEventListener("click", reset);
    $("more").addEventListener("click", function () {
      state.shown += PAGE;
      render();
    });
    var toggle = function (tr) {
      var index = Number(tr.getAttribute("data-index"));
      if (state.open[index]) { delete state.open[index]; } else { state.open[index] = true; }
      render();
      var again = document.querySelector('tr.phrase-row[data-index="' + index + '"]');
      if (again) { again.focus({ preventScroll: true }); }
    };
    $("bank-rows").addEventListener("click", function (event) {
      var tr = event.target.closest("tr.phrase-row");
      if (tr) { toggle(tr); }
    });
    $("bank-rows").addEventListener("keydown", function (event) {
      var tr = event.target.closest("tr.phrase-row");
      if (tr && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        toggle(tr);
      }
    });
    document.querySelectorAll(".phrase-link").forEach(function (link) {
      link.addEventListener("click", function () {
        var phrase = link.getAttribute("data-phrase");
        var name = link.getAttribute("data-section");
        reset();
        state.query = phrase;
        $("search").value = phrase;
        sections.forEach(function (s, i) { if (s[0] === name) { state.section = i; } });
        $("section").value = String(state.section);
        state.sort = state.section >= 0 ? "key" : "rank";
        $("sort").value = state.sort;
        phrases.forEach(function (ph, i) { if (ph.p === phrase) { state.open[i] = true; } });
        refresh();
      });
    });
    render();
  }

  init();
})();
