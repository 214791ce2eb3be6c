/**
 * The report page's script (plain ES2015, no library): sorting tables by their headers, opening
 * the unit panel an address points to, expanding everything for printing, printing one unit,
 * and — for reports with many units — building a unit's panel from the embedded JSON when it is
 * opened, in the same form as the panels html.ts writes out. Text is set with textContent only.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
'use strict';
var doc = document;
function each(list, f) { Array.prototype.forEach.call(list, f); }

// ── sorting: integer keys per column (JSON beside the table), computed exactly when the report was made ──
var sortKeys = {};
function keysOf(table) {
  if (!sortKeys[table.id]) {
    var k = doc.querySelector('script.sort-keys[data-table="' + table.id + '"]');
    sortKeys[table.id] = k ? JSON.parse(k.textContent) : [];
  }
  return sortKeys[table.id];
}
function sortBy(th) {
  var table = th.closest('table');
  var col = +th.getAttribute('data-col');
  var keys = keysOf(table)[col] || [];
  var cur = th.getAttribute('aria-sort');
  var dir = cur === 'ascending' ? -1 : cur === 'descending' ? 1 : (th.getAttribute('data-first') === 'desc' ? -1 : 1);
  var tbody = table.tBodies[0];
  var rows = [], extra = [];
  each(tbody.rows, function (r) { (r.hasAttribute('data-i') ? rows : extra).push(r); });
  rows.sort(function (a, b) {
    var d = (keys[+a.getAttribute('data-i')] - keys[+b.getAttribute('data-i')]) * dir;
    return d || (+a.getAttribute('data-i') - +b.getAttribute('data-i'));
  });
  var natural = rows.every(function (r, i) { return +r.getAttribute('data-i') === i; });
  // Reordered while detached: one layout instead of one per row.
  var next = tbody.nextSibling;
  table.removeChild(tbody);
  rows.forEach(function (r) {
    tbody.appendChild(r);
    if (natural) extra.forEach(function (q) { if (q.getAttribute('data-after') === r.getAttribute('data-i')) tbody.appendChild(q); });
  });
  // Quota lines mean something only in ranking order.
  extra.forEach(function (q) { if (!natural) tbody.appendChild(q); });
  table.classList.toggle('resorted', !natural);
  each(table.tHead.rows[0].cells, function (c) { c.setAttribute('aria-sort', 'none'); });
  th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
  if (table.hasAttribute('data-page')) showPage(table, 0, tbody);
  else extra.forEach(function (q) { q.hidden = !natural; });
  table.insertBefore(tbody, next);
}

// ── long tables show a page of rows at a time ──
function showPage(table, p, tbody) {
  var size = +table.getAttribute('data-page');
  var rows = [];
  each((tbody || table.tBodies[0]).rows, function (r) { if (r.hasAttribute('data-i')) rows.push(r); });
  var pages = size ? Math.max(1, Math.ceil(rows.length / size)) : 1;
  p = Math.max(0, Math.min(p, pages - 1));
  table.setAttribute('data-current', p);
  var lo = size ? p * size : 0, hi = size ? lo + size : rows.length;
  var shownRow = {};
  rows.forEach(function (r, i) { r.hidden = i < lo || i >= hi; if (!r.hidden) shownRow[r.getAttribute('data-i')] = true; });
  var resorted = table.classList.contains('resorted');
  each((tbody || table.tBodies[0]).rows, function (q) { if (!q.hasAttribute('data-i')) q.hidden = resorted || !shownRow[q.getAttribute('data-after')]; });
  each(doc.querySelectorAll('.pager[data-for="' + table.id + '"] .page-info'), function (info) {
    info.textContent = size ? '第' + (lo + 1) + '–' + Math.min(hi, rows.length) + '行，共' + rows.length + '行' : '全部' + rows.length + '行';
  });
}
function pageStep(b, d) {
  var table = doc.getElementById(b.closest('.pager').getAttribute('data-for'));
  if (d === 'all') { table.setAttribute('data-page', '0'); showPage(table, 0); return; }
  showPage(table, +table.getAttribute('data-current') + d);
}
each(doc.querySelectorAll('table[data-page]'), function (t) { showPage(t, 0); });
each(doc.querySelectorAll('th.sortable'), function (th) {
  th.addEventListener('click', function () { sortBy(th); });
  th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(th); } });
});

// ── lazy panels ──
var dataEl = doc.getElementById('report-data');
var D = dataEl ? JSON.parse(dataEl.textContent) : null;

function el(tag, cls, text) {
  var e = doc.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}
function num(k) {
  if (k < 0) return null;
  var v = D.nums[k], sp = v.indexOf(' ');
  if (sp < 0) return doc.createTextNode(v);
  var s = el('span', 'inexact', v.slice(sp + 1));
  s.title = '精确值 ' + v.slice(0, sp);
  return s;
}
/** The exact text of a number (without its short form). */
function exact(k) { var v = D.nums[k], sp = v.indexOf(' '); return sp < 0 ? v : v.slice(0, sp); }
/** A unit as the panel reads it: scores and lost points for every node, trace entries whole. */
function view(i) {
  var u = D.units[i], v = {}, k;
  for (k in u) v[k] = u[k];
  if (u.g !== undefined) { v.grade = D.grades[u.g][0]; v.gc = D.grades[u.g][1]; }
  if (u.n !== undefined) v.note = D.notes[u.n];
  function expand(base, diff) { var a = base.slice(); for (var j = 0; j < diff.length; j += 2) a[diff[j]] = diff[j + 1]; return a; }
  v.s = expand(D.sb, u.s);
  v.l = expand(D.lb, u.l);
  v.t = [];
  for (var j = 0; j < u.t.length; j += 3) {
    var sh = D.shapes[u.t[j]], node = sh[0], line = sh[1];
    // The line's own anchor when the rules section has one, else the item's.
    var anchor = doc.getElementById('rule-' + line) || node < 0 ? line : D.nodes[node].line;
    v.t.push([node, line, anchor, sh[2], u.t[j + 1], u.t[j + 2], sh[3]]);
  }
  return v;
}
function put(parent, child) { if (child) parent.appendChild(child); return parent; }
function sentence(t, args) {
  var tpl = D.tmpl[t];
  if (!args) return tpl;
  var parts = tpl.split('\u0001'), a = args.split(','), out = parts[0];
  for (var i = 1; i < parts.length; i++) out += a[i - 1] + parts[i];
  return out;
}
function ruleLink(line, text) {
  var a = el('a', 'ref', text);
  a.href = '#rule-' + line;
  return a;
}
function grade(u) { return el('span', u.gc, u.grade); }
function summary(u) {
  var s = el('summary');
  s.appendChild(el('span', 'rank', '第' + u.rank + '名'));
  s.appendChild(el('span', 'name', u.name));
  var t = el('span', 'total');
  put(t, num(u.total)); t.appendChild(doc.createTextNode('分' + (D.total ? '（满分' + D.total + '分）' : '')));
  s.appendChild(t);
  if (u.grade !== undefined) s.appendChild(grade(u));
  if (u.veto) s.appendChild(el('span', 'veto', '否优'));
  if (u.titles) s.appendChild(el('span', 'titles', u.titles.join('、')));
  return s;
}
function facts(u, p) {
  var f = el('p', 'facts');
  f.appendChild(doc.createTextNode('总分'));
  put(f.appendChild(el('b')), num(u.total));
  f.appendChild(doc.createTextNode('分' + (D.total ? '（满分' + D.total + '分）' : '') + '，第' + u.rank + '名（共' + D.units.length + '个）'));
  if (u.grade !== undefined) {
    f.appendChild(doc.createTextNode('，等次：'));
    f.appendChild(el('b', null, u.grade));
    if (u.note) f.appendChild(doc.createTextNode('（' + u.note + '）'));
  }
  p.appendChild(f);
  if (u.bonus !== undefined) {
    var b = el('p', 'facts', '其中基本分');
    put(b, num(u.base !== undefined ? u.base : u.total)); b.appendChild(doc.createTextNode('分，加分'));
    put(b, num(u.bonus)); b.appendChild(doc.createTextNode('分'));
    p.appendChild(b);
  }
  (u.veto || []).forEach(function (v) {
    var x = el('p', 'facts veto-note', '否优：');
    x.appendChild(doc.getElementById('rule-' + v[0]) ? ruleLink(v[0], '〔第' + v[0] + '行〕') : doc.createTextNode('〔第' + v[0] + '行〕'));
    x.appendChild(doc.createTextNode(v[1]));
    p.appendChild(x);
  });
  if (u.titles) p.appendChild(el('p', 'facts', '称号：' + u.titles.join('、')));
}
function td(row, cls, content) {
  var c = el('td', cls);
  if (typeof content === 'string') c.textContent = content; else put(c, content);
  row.appendChild(c);
  return c;
}
function lostClass(u, k) { return u.l[k] >= 0 && exact(u.l[k]) !== '0' ? 'num lost' : 'num'; }
function lostCell(u, k) {
  var l = u.l[k];
  if (l < 0) {
    if (!D.nodes[k].bonus) return null;
    var s = el('span', 'na', '—'); s.title = '加分项：未得加分不算失分'; return s;
  }
  return num(l);
}
function breakdown(u, i) {
  var N = D.units.length;
  var traced = {};
  u.t.forEach(function (e) { if (D.kinds[e[6]] !== 'score') traced[e[0]] = true; });
  var shown = D.nodes.map(function (n, k) {
    if (n.depth === 0) return true;
    var l = u.l[k], s = u.s[k];
    return (l >= 0 && exact(l) !== '0') || (n.bonus && s >= 0 && exact(s) !== '0') || !!traced[k];
  });
  for (var k = D.nodes.length - 1; k >= 0; k--) { var par = D.nodes[k].parent; if (shown[k] && par >= 0) shown[par] = true; }
  var table = el('table', 'breakdown');
  var head = table.appendChild(el('thead')).appendChild(el('tr'));
  [['项目'], ['满分', 'num'], ['得分', 'num'], ['失分', 'num'], ['与其他单位比较']].forEach(function (h) { head.appendChild(el('th', h[1] || null, h[0])); });
  var body = table.appendChild(el('tbody'));
  D.sections.forEach(function (k, j) {
    var n = D.nodes[k];
    var r = body.appendChild(el('tr', 'sec'));
    td(r, null, n.head);
    td(r, 'num', n.points || '');
    td(r, 'num', num(u.s[k]));
    td(r, lostClass(u, k), lostCell(u, k));
    var cmp = td(r, null, '平均');
    put(cmp, num(D.means[j]));
    cmp.appendChild(doc.createTextNode('，第' + u.r[j] + '名/共' + N + '个'));
    var rest = 0;
    D.nodes.forEach(function (m, q) {
      if (m.section !== j || m.depth === 0) return;
      if (!shown[q]) { if (m.leaf) rest++; return; }
      var row = body.appendChild(el('tr', 'item d' + Math.min(m.depth, 4)));
      var a = el('a', null, m.label); a.href = '#rule-' + m.line;
      td(row, null, a);
      td(row, 'num', m.points || '');
      td(row, 'num', num(u.s[q]));
      td(row, lostClass(u, q), lostCell(u, q));
      td(row, null, m.bonus ? '加分项' : m.lostCount + '/' + N + '个单位失分');
    });
    if (rest) { var rr = body.appendChild(el('tr', 'rest')); var c = td(rr, null, '其余' + rest + (n.bonus ? '项未得加分' : '项未失分')); c.colSpan = 5; }
  });
  return table;
}
function trace(u, p) {
  D.sections.forEach(function (k, j) {
    var n = D.nodes[k];
    var h = el('h4', null, n.head + '：');
    var sk = u.s[k];
    put(h, sk >= 0 ? num(sk) : doc.createTextNode('0'));
    h.appendChild(doc.createTextNode('分' + (n.points ? '（满分' + n.points + '分）' : '')));
    p.appendChild(h);
    var mine = u.t.filter(function (e) { return e[0] >= 0 && D.nodes[e[0]].section === j; });
    if (!mine.length) { p.appendChild(el('p', 'none', '（无扣分、加分记录）')); return; }
    var ol = p.appendChild(el('ol', 'trace'));
    mine.forEach(function (e) {
      var li = ol.appendChild(el('li', 'k-' + D.kinds[e[6]]));
      li.appendChild(ruleLink(e[2], D.nodes[e[0]].item + '〔第' + e[1] + '行〕'));
      li.appendChild(el('span', 's', sentence(e[3], e[4])));
      if (e[5] >= 0) {
        var eff = el('span', 'eff ' + (exact(e[5]).charAt(0) === '-' ? 'neg' : 'pos'));
        put(eff, num(e[5]));
        li.appendChild(eff);
      }
    });
  });
}
function tools() {
  var t = el('div', 'panel-tools no-print');
  var b = el('button', null, '打印本单位'); b.type = 'button'; b.setAttribute('data-act', 'print-unit');
  t.appendChild(b);
  var a = el('a', null, '返回排名'); a.href = '#ranking'; t.appendChild(a);
  return t;
}
function buildPanel(i) {
  var u = view(i);
  var d = el('details', 'unit');
  d.id = 'unit-' + (i + 1);
  d.setAttribute('data-i', i);
  d.appendChild(summary(u));
  var p = d.appendChild(el('div', 'panel'));
  p.appendChild(tools());
  facts(u, p);
  p.appendChild(el('h3', null, '分项得分'));
  p.appendChild(breakdown(u, i));
  var h = p.appendChild(el('h3', null, '得分说明（逐条'));
  h.appendChild(el('span', 'no-print', '，点击条目查看规则原文'));
  h.appendChild(doc.createTextNode('）'));
  trace(u, p);
  return d;
}
function lazyPanel(i) {
  var d = doc.getElementById('unit-' + (i + 1));
  if (d) return d;
  var box = doc.getElementById('unit-panels');
  d = buildPanel(i);
  // Keep opened panels in ranking order.
  var after = null;
  each(box.children, function (c) { if (!after && +c.getAttribute('data-i') > i) after = c; });
  box.insertBefore(d, after);
  return d;
}

// ── opening what the address points to ──
function openHash() {
  var id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  var target = doc.getElementById(id);
  var m = /^unit-(\d+)$/.exec(id);
  if (!target && D && m && +m[1] >= 1 && +m[1] <= D.units.length) target = lazyPanel(+m[1] - 1);
  if (!target) return;
  for (var e = target; e; e = e.parentElement) if (e.tagName === 'DETAILS') e.open = true;
  target.scrollIntoView();
}
window.addEventListener('hashchange', openHash);
openHash();

// ── buttons ──
var printOne = null;
doc.addEventListener('click', function (e) {
  var b = e.target.closest ? e.target.closest('button[data-act]') : null;
  if (!b) return;
  var act = b.getAttribute('data-act');
  if (act === 'page-prev') pageStep(b, -1);
  if (act === 'page-next') pageStep(b, 1);
  if (act === 'page-all') pageStep(b, 'all');
  if (act === 'expand') each(doc.querySelectorAll('details.unit'), function (d) { d.open = true; });
  if (act === 'collapse') each(doc.querySelectorAll('details.unit'), function (d) { d.open = false; });
  if (act === 'print-unit') {
    printOne = b.closest('details.unit');
    doc.body.classList.add('print-one');
    printOne.classList.add('print-this');
    window.print();
  }
});

// ── printing: every panel open (a page each), then back as it was ──
var wasOpen = null;
window.addEventListener('beforeprint', function () {
  wasOpen = [];
  if (!printOne) each(doc.querySelectorAll('table[data-page]'), function (t) { each(t.tBodies[0].rows, function (r) { if (r.hasAttribute('data-i')) r.hidden = false; }); });
  each(doc.querySelectorAll('details.unit'), function (d) { wasOpen.push([d, d.open]); d.open = true; });
});
window.addEventListener('afterprint', function () {
  (wasOpen || []).forEach(function (x) { x[0].open = x[1]; });
  each(doc.querySelectorAll('table[data-page]'), function (t) { showPage(t, +t.getAttribute('data-current')); });
  wasOpen = null;
  if (printOne) { printOne.classList.remove('print-this'); printOne = null; }
  doc.body.classList.remove('print-one');
});

// ── finding a unit by name (many units) ──
var search = doc.getElementById('unit-search');
if (search && D) {
  var results = doc.getElementById('unit-results');
  search.addEventListener('input', function () {
    var q = search.value.trim();
    results.textContent = '';
    if (!q) return;
    var shown = 0;
    for (var i = 0; i < D.units.length && shown < 60; i++) {
      if (D.units[i].name.indexOf(q) < 0) continue;
      var li = results.appendChild(el('li'));
      var a = el('a', null, '第' + D.units[i].rank + '名 ' + D.units[i].name);
      a.href = '#unit-' + (i + 1);
      li.appendChild(a);
      shown++;
    }
    if (!shown) results.appendChild(el('li', null, '没有名称含“' + q + '”的单位'));
  });
}
})();`;
