/**
 * The HTML report without a browser: one self-contained file (no network, only known elements,
 * every link resolves), the ranking with grades, veto marks and the quota line, exact numbers and
 * numeric sort keys, unit panels with the explain.ts sentences linked to the rule text, the
 * compact form for many units decoding to the same sentences, escaping of hostile rubric and data
 * text, the print stylesheet, and the four seed examples.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { flattenNodes, numericKeys, quotaLines, unitNodes, bites } from '../../src/report/analysis.js';
import { explainObject } from '../../src/report/explain.js';
import { esc } from '../../src/report/escape.js';
import { CLIENT_SCRIPT } from '../../src/report/html-client.js';
import { numHtml, renderHtml } from '../../src/report/html.js';
import { renderItemsCsv } from '../../src/report/items-csv.js';
import { renderReportMarkdown } from '../../src/report/markdown.js';
import { Rational } from '../../src/runtime/rational.js';
import { EXAMPLES, hostile, IMG_TITLE, SCRIPT_NAME, scoreExample, type Scored } from './report-helpers.js';

/** Elements the report may contain; anything else means text became markup. */
const ALLOWED = new Set(
  'html head meta title style body header h1 h2 h3 h4 nav a section div table thead tbody tr th td sup ul ol li p span b figure figcaption svg line text g rect details summary button script input noscript'.split(
    ' ',
  ),
);

function tags(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase());
}

/** The HTML with the contents of script and style elements taken out (they are checked apart). */
function markupOnly(html: string): string {
  return html.replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, '$1</script>').replace(/(<style>)[\s\S]*?<\/style>/g, '$1</style>');
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Text content of the HTML between two markers, tags removed and entities decoded. */
function textOf(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''));
}

function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

function panel(html: string, n: number): string {
  const start = html.indexOf(`<details class="unit" id="unit-${n}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</details>', start));
}

function rankingRows(html: string): string[] {
  return [...section(html, 'ranking').matchAll(/<tr data-i="\d+"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
}

function cells(row: string): string[] {
  return [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1]!));
}

/** Checks every report must pass: self-contained, known elements only, links resolve. */
function checkWellFormed(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
  const markup = markupOnly(html);
  expect(new Set(tags(markup).filter((t) => !ALLOWED.has(t)))).toEqual(new Set());
  // Nothing is loaded from anywhere: no src attributes, no external links, no CSS imports or urls.
  expect(markup).not.toMatch(/<[a-z][^>]*\ssrc\s*=/i);
  expect(markup).not.toMatch(/<link\b/i);
  for (const m of markup.matchAll(/\shref="([^"]*)"/g)) expect(m[1]).toMatch(/^#/);
  expect(html).not.toMatch(/@import|url\(|https?:\/\//);
  expect(markup).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'`);
  // No event-handler attribute anywhere.
  expect(markup).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
  // Scripts: the page script and JSON data only.
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  for (const [, attrs, body] of scripts) {
    if (attrs === '') expect(body).toBe(CLIENT_SCRIPT);
    else {
      expect(attrs).toMatch(/^ type="application\/json"/);
      expect(body).not.toMatch(/[<>&]/);
      expect(() => JSON.parse(body!)).not.toThrow();
    }
  }
  expect(scripts.filter(([, a]) => a === '')).toHaveLength(1);
  // Every in-page link has its target.
  const ids = new Set([...markup.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  expect([...markup.matchAll(/\sid="([^"]+)"/g)].length).toBe(ids.size);
  for (const m of markup.matchAll(/\shref="#([^"]+)"/g)) {
    if (html.includes('data-panels="lazy"') && m[1]!.startsWith('unit-')) continue;
    expect(ids.has(m[1]), `#${m[1]}`).toBe(true);
  }
}

/** The sentences of the compact (lazy) form, decoded as the page script does. */
function decodeLazy(html: string): { units: { name: string; sentences: string[]; lines: number[] }[] } {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  const D = JSON.parse(m![1]!) as { tmpl: string[]; shapes: number[][]; units: { name: string; t: (number | string)[] }[] };
  return {
    units: D.units.map((u) => {
      const sentences: string[] = [];
      const lines: number[] = [];
      for (let j = 0; j < u.t.length; j += 3) {
        const shape = D.shapes[u.t[j] as number]!;
        const parts = D.tmpl[shape[2]!]!.split('\u0001');
        const args = u.t[j + 1] as string;
        let out = parts[0]!;
        if (args) {
          const a = args.split(',');
          for (let k = 1; k < parts.length; k++) out += a[k - 1] + parts[k]!;
        } else out = D.tmpl[shape[2]!]!;
        sentences.push(out);
        lines.push(shape[1]!);
      }
      return { name: u.name, sentences, lines };
    }),
  };
}

describe('the Lishui report', () => {
  let s: Scored;
  let html: string;
  beforeAll(async () => {
    s = await scoreExample('lishui-2022');
    html = renderHtml(s.program, s.result, { source: s.source });
  });

  it('is one well-formed, self-contained file with panels written out', () => {
    checkWellFormed(html);
    expect(html).toContain('data-panels="static"');
    expect(html).toContain('"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Zen Hei",sans-serif');
    expect(html).toContain(`<title>${s.program.title} — 考核结果</title>`);
  });

  it('ranks the nine bureaus with totals, grades and the veto mark', () => {
    const rows = rankingRows(html).map(cells);
    expect(rows.map((r) => [r[0], r[1], r[2], r.at(-2), r.at(-1)])).toEqual([
      ['1', '莲都区', '96.1', '优秀', ''],
      ['2', '缙云县', '86.7', '优秀', ''],
      ['3', '青田县', '85.75', '良好*', '否优'],
      ['4', '遂昌县', '84.1', '优秀', ''],
      ['5', '龙泉市', '81.975', '优秀', ''],
      ['6', '景宁畲族自治县', '81.725', '良好*', ''],
      ['7', '云和县', '70', '良好', ''],
      ['8', '庆元县', '60.225', '合格', ''],
      ['9', '松阳县', '43.4', '不合格', ''],
    ]);
    // The veto's reason on hover and as a note, linked to the rule.
    const veto = s.result.objects[2]!.vetoReasons[0]!;
    expect(veto.text).toBe('【受党纪政纪处分的局班子成员人数】超过0人');
    const qingtian = rankingRows(html)[2]!;
    expect(qingtian).toContain(
      `<a class="veto-link" href="#rule-${veto.line}"><span class="veto" title="否优（第${veto.line}行：【受党纪政纪处分的局班子成员人数】超过0人）">否优</span></a>`,
    );
    expect(qingtian).toContain('<sup class="mark" title="否优，优秀评为良好">*</sup>');
    expect(textOf(section(html, 'ranking'))).toContain(`否优〔第${veto.line}行〕【受党纪政纪处分的局班子成员人数】超过0人：青田县`);
    expect(html).toContain(
      `<div class="src" id="rule-${veto.line}"><span class="ln">${veto.line}</span><span class="code">  【受党纪政纪处分的局班子成员人数】超过0人；</span>`,
    );
  });

  it('draws the quota line under the fourth 优秀 (龙泉市), before 景宁 admitted outside the quota', () => {
    expect(quotaLines(s.program, s.result)).toEqual([{ after: 4, grade: '优秀', count: 4, admitted: 4, label: '优秀限4名：以上4个单位评为优秀' }]);
    const body = section(html, 'ranking');
    const at = body.indexOf('<tr class="quota-row" data-after="4"><td colspan="11">优秀限4名：以上4个单位评为优秀</td></tr>');
    expect(at).toBeGreaterThan(body.indexOf('龙泉市'));
    expect(at).toBeLessThan(body.indexOf('景宁畲族自治县'));
    expect(body).toMatch(/<tr data-i="4" class="quota-last">/);
    // …and in the chart of totals.
    expect(section(html, 'charts')).toContain('class="quota"');
    expect(section(html, 'charts')).toContain('优秀限4名');
  });

  it('sort keys order every column numerically, exactly', () => {
    const keys = JSON.parse(/<script type="application\/json" class="sort-keys" data-table="ranking-table">([\s\S]*?)<\/script>/.exec(html)![1]!) as number[][];
    const totals = s.result.objects.map((o) => Rational.of(o.total));
    for (let i = 0; i < totals.length; i++) {
      for (let j = 0; j < totals.length; j++) expect(Math.sign(keys[2]![i]! - keys[2]![j]!)).toBe(totals[i]!.cmp(totals[j]!));
    }
    // （三）执法实务: 5.2 < 6.725 < 11.25 < 13.075 … (text order would put 5.2 last).
    const third = s.result.objects.map((o) => o.nodes[2]!.score);
    const byKey = third
      .map((v, i) => ({ v, k: keys[5]![i]! }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.v);
    expect(byKey).toEqual(['5.2', '6.725', '11.25', '13.075', '13.3', '13.55', '13.6', '14.025', '14.6']);
  });

  it('gives each unit a panel: breakdown by section and item, and every trace sentence linked to its rule', () => {
    const p = panel(html, 9);
    const line16 = flattenNodes(s.program).find((f) => f.spec.id === '（二）.16')!.spec.line;
    expect(p).toContain('<span class="name">松阳县</span>');
    expect(textOf(p)).toContain('总分43.4分（满分100分），第9名（共9个），等次：不合格');
    // The breakdown: section row with points, score, lost and comparison; the item row.
    expect(textOf(p)).toMatch(/（二）执法办案\s*20\s*12\s*8\s*平均17\.0556…，第9名\/共9个/);
    expect(p).toContain(`<a href="#rule-${line16}">第16项 执法办案质量</a>`);
    expect(textOf(p)).toContain('第16项 执法办案质量-77');
    // Every sentence of explain.ts, in order, with its item, line and link.
    const o = s.result.objects[8]!;
    const lines = explainObject(s.program, o);
    const items = [...p.matchAll(/<li class="k-([a-z-]+)"><a class="ref" href="#rule-(\d+)">([^<]*)<\/a><span class="s">([^<]*)<\/span>/g)];
    expect(items.map((m) => decodeEntities(m[4]!))).toEqual(lines.map((l) => l.sentence));
    expect(items.map((m) => decodeEntities(m[3]!))).toEqual(lines.map((l) => `${l.item}〔第${l.line}行〕`));
    const sixteen = items.find((m) => m[3]!.startsWith('第16项'))!;
    expect(sixteen[2]).toBe(String(line16));
    expect(decodeEntities(sixteen[4]!)).toBe(
      '人均普通程序案件数0.0638件/人（其中2021年度在编人数数据未提供，按10000人计），未达14件/人，每少1件/人扣0.5分（不足一级按一级计），计14级，扣7分',
    );
    expect(p).toContain('<span class="eff neg">-7</span>');
    // The rule text it links to.
    const text16 = s.source.split(/\r?\n/)[line16 - 1]!;
    expect(text16).toMatch(/16\.\s*执法办案质量：【人均普通程序案件数】未达14件\/人的/);
    expect(html).toContain(`<div class="src" id="rule-${line16}"><span class="ln">${line16}</span><span class="code">${esc(text16.trimEnd())}</span></div>`);
  });

  it('lists every item with its number, title and source lines (comments too) under #rule-<line>', () => {
    const rules = section(html, 'rules');
    const flat = flattenNodes(s.program);
    for (const f of flat) expect(rules).toContain(`id="rule-${f.spec.line}"`);
    for (const n of flat.flatMap((f) => f.spec.rules.flatMap((r) => r.alternatives))) expect(rules).toContain(`id="rule-${n.line}"`);
    // The comment under item 8 is shown with it.
    const src = s.source.split(/\r?\n/);
    const comment = src.findIndex((l) => l.includes('# 解释：第8项“每少5%”按百分点计')) + 1;
    expect(comment).toBeGreaterThan(0);
    expect(rules).toContain(
      `<div class="src comment" id="rule-${comment}"><span class="ln">${comment}</span><span class="code">${esc(src[comment - 1]!.trimEnd())}</span></div>`,
    );
    // Item 4 with all its lines (its rules span more than one).
    const item4 = flattenNodes(s.program).find((f) => f.spec.id === '（一）.4')!.spec;
    const ruleLines = [...new Set(item4.rules.flatMap((r) => r.alternatives.map((a) => a.line)))];
    expect(ruleLines.length).toBeGreaterThan(1);
    const block = rules.slice(rules.indexOf('第4项 加强党的建设</div>'), rules.indexOf('第5项'));
    for (const l of [item4.line, ...ruleLines])
      expect(block).toContain(`<div class="src" id="rule-${l}"><span class="ln">${l}</span><span class="code">${esc(src[l - 1]!.trimEnd())}</span></div>`);
  });

  it('shows where the rubric bites: items by units that lost points, then points', () => {
    const flat = flattenNodes(s.program);
    const b = bites(
      flat,
      s.result.objects.map((o) => unitNodes(flat, o)),
    );
    expect(b.length).toBeGreaterThan(10);
    for (let i = 1; i < b.length; i++) expect(b[i - 1]!.units > b[i]!.units || (b[i - 1]!.units === b[i]!.units && b[i - 1]!.total.ge(b[i]!.total))).toBe(true);
    // No bonus (争先创优) item counts as a loss.
    expect(b.some((x) => x.node.spec.mode === 'add')).toBe(false);
    const rows = [...section(html, 'bites').matchAll(/<tr data-i="\d+">([\s\S]*?)<\/tr>/g)].map((m) => cells(m[1]!));
    expect(rows[0]).toEqual(['第69项 综合评价', '（六）领导赋分', '9/9', '19.15', '10']);
    const sixteen = rows.find((r) => r[0] === '第16项 执法办案质量')!;
    expect([sixteen[1], sixteen[2], sixteen[4]]).toEqual(['（二）执法办案', '4/9', '7']);
    const lost16 = s.result.objects.map((o) => o.nodes[1]!.children!.find((c) => c.id === '（二）.16')!.score).reduce((a, v) => a.sub(v), Rational.ZERO);
    expect(sixteen[3]).toBe(lost16.toString());
  });

  it('notes the excluded event, the quota and veto adjustments', () => {
    const notes = textOf(section(html, 'notes'));
    expect(notes).toContain('1条事件日期不在考核期（2022-01-01至2022-12-31）内，未计入');
    expect(notes).toContain('examples/lishui-2022/synthetic.yaml 第911行 事件[34]');
    expect(notes).toContain('优秀限4名：以上4个单位评为优秀');
    expect(notes).toContain('总分在优秀分数段，名额外评为良好：景宁畲族自治县');
    expect(notes).toContain(`〔第${s.result.objects[2]!.vetoReasons[0]!.line}行〕【受党纪政纪处分的局班子成员人数】超过0人：青田县`);
  });

  it('has charts of totals, sections and grades as inline SVG', () => {
    const charts = section(html, 'charts');
    expect([...charts.matchAll(/<svg class="chart"/g)]).toHaveLength(3);
    for (const name of s.result.objects.map((o) => o.name)) expect(charts).toContain(name);
    expect(charts).toContain('优秀≥80');
    expect(charts).toMatch(/<title>优秀：4个单位（限4名）<\/title>/);
    expect(charts).toMatch(/<title>不合格：1个单位<\/title>/);
  });

  it('prints on A4: a page per unit, repeated table headers, no controls', () => {
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const print = css.slice(css.indexOf('@media print'));
    expect(print).toContain('@page{size:A4');
    expect(print).toContain('details.unit{break-before:page');
    expect(print).toContain('thead{display:table-header-group}');
    expect(print).toMatch(/\.no-print,nav\.toc,\.panel-tools,.*\{display:none!important\}/);
  });

  it('the compact form for many units decodes to the same sentences and lines', () => {
    const lazy = renderHtml(s.program, s.result, { source: s.source, panels: 'lazy' });
    checkWellFormed(lazy);
    expect(lazy).toContain('data-panels="lazy"');
    expect(lazy).not.toContain('<details class="unit"');
    const d = decodeLazy(lazy);
    s.result.objects.forEach((o, i) => {
      const lines = explainObject(s.program, o);
      expect(d.units[i]!.name).toBe(o.name);
      expect(d.units[i]!.sentences).toEqual(lines.map((l) => l.sentence));
      expect(d.units[i]!.lines).toEqual(lines.map((l) => l.line));
    });
  });
});

describe('numbers', () => {
  it('print as exact decimals; a value that does not terminate shows four decimals and the fraction in its title', () => {
    expect(numHtml('81.975')).toBe('81.975');
    expect(numHtml('-0.5')).toBe('-0.5');
    expect(numHtml('281/3')).toBe('<span class="inexact" title="精确值 281/3">93.6667…</span>');
    expect(numHtml(undefined)).toBe('');
  });

  it('sort keys compare exact values, not text or doubles', () => {
    expect(numericKeys(['10', '9.5', '1/3', '0.3333', '9.5', ''])).toEqual([4, 3, 2, 1, 3, 0]);
    // Two values a double cannot tell apart.
    expect(numericKeys(['0.10000000000000000001', '0.1'])).toEqual([1, 0]);
  });

  it('the Pingyang report shows its non-terminating totals with the exact fraction', async () => {
    const s = await scoreExample('pingyang-2023');
    const html = renderHtml(s.program, s.result, { source: s.source });
    const second = rankingRows(html)[1]!;
    const total = s.result.objects[1]!.total;
    expect(total).toContain('/');
    expect(second).toContain(`<span class="inexact" title="精确值 ${total}">${Rational.of(total).toFixed(4)}…</span>`);
  });
});

describe('escaping', () => {
  let h: Scored;
  let html: string;
  beforeAll(async () => {
    h = await hostile();
    html = renderHtml(h.program, h.result, { source: h.source });
  });

  for (const mode of ['static', 'lazy'] as const) {
    it(`no rubric or data text becomes markup or script (${mode})`, () => {
      const out = renderHtml(h.program, h.result, { source: h.source, panels: mode });
      checkWellFormed(out);
      const markup = markupOnly(out);
      expect(markup).not.toContain('<img');
      expect(markup).not.toContain('<script>alert');
      expect(markup).not.toContain('<b>粗</b>');
      expect(out.match(/<script/g)).toHaveLength(mode === 'lazy' ? 4 : 3);
      expect(out.match(/<\/script>/g)).toHaveLength(mode === 'lazy' ? 4 : 3);
      const head = out.slice(0, out.indexOf('</head>'));
      expect(head.match(/<title>/g)).toHaveLength(1);
      expect(head.match(/<\/title>/g)).toHaveLength(1);
    });
  }

  it('shows the hostile names as text', () => {
    expect(html).toContain('<a href="#unit-3">&lt;script&gt;alert(1)&lt;/script&gt;</a>');
    expect(html).toContain('<a href="#unit-1">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</a>');
    expect(html).toContain('a &amp; b &lt; c &gt; d &#39; e');
    expect(html).toContain('<title>考核&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt; — 考核结果</title>');
    expect(html).toContain('办案&#39; onmouseover=&#39;alert(2)');
    const names = rankingRows(html).map((r) => cells(r)[1]);
    expect(names).toEqual([IMG_TITLE, '普通单位', SCRIPT_NAME, "a & b < c > d ' e"]);
    // The vetoed unit's mark and the item links survive with their text intact.
    expect(textOf(section(html, 'rules'))).toContain(`1. 党建${IMG_TITLE}：【甲】扣1分/件。`);
  });

  it('the JSON in the page cannot close its script element', () => {
    const lazy = renderHtml(h.program, h.result, { panels: 'lazy' });
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(lazy)![1]!;
    expect(json).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
    expect(decodeLazy(lazy).units.map((u) => u.name)).toEqual(h.result.objects.map((o) => o.name));
  });

  it('report.md and items.csv keep the names as text', () => {
    const md = renderReportMarkdown(h.program, h.result);
    expect(md).not.toMatch(/<[a-z/]/i);
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const csv = renderItemsCsv(h.program, h.result);
    expect(csv.split('\n')[0]).toBe('名次,考核对象,一.1,二.2,总分');
    expect(csv).toContain(`3,${SCRIPT_NAME},-1,-0.5,18.5`);
    expect(csv).toContain('1,"""><img src=x onerror=alert(1)>",0,0,20');
  });
});

describe('the four seed examples', () => {
  for (const name of Object.keys(EXAMPLES)) {
    it(`${name} renders (static and lazy), every unit with its panel and sentences`, async () => {
      const s = await scoreExample(name);
      const html = renderHtml(s.program, s.result, { source: s.source });
      checkWellFormed(html);
      expect(rankingRows(html)).toHaveLength(s.result.objects.length);
      s.result.objects.forEach((o, i) => {
        const p = panel(html, i + 1);
        expect(p).toContain(`<span class="name">${o.name}</span>`);
        const sentences = [...p.matchAll(/<span class="s">([^<]*)<\/span>/g)].map((m) => decodeEntities(m[1]!));
        expect(sentences).toEqual(explainObject(s.program, o).map((l) => l.sentence));
      });
      const lazy = renderHtml(s.program, s.result, { source: s.source, panels: 'lazy' });
      checkWellFormed(lazy);
      expect(decodeLazy(lazy).units.map((u) => u.sentences)).toEqual(s.result.objects.map((o) => explainObject(s.program, o).map((l) => l.sentence)));
      // Without the source, the rules section falls back to the clauses and still anchors every cited line.
      checkWellFormed(renderHtml(s.program, s.result));
      // The Markdown and the item table.
      const md = renderReportMarkdown(s.program, s.result);
      for (const o of s.result.objects) expect(md).toContain(`### 第${o.rank}名 ${o.name}`);
      const csv = renderItemsCsv(s.program, s.result).trimEnd().split('\n');
      expect(csv).toHaveLength(s.result.objects.length + 1);
      expect(csv[0]!.split(',').at(-1)).toBe('总分');
    });
  }

  it('Pingyang: titles, bonus columns and the 结果运用 adjustments', async () => {
    const s = await scoreExample('pingyang-2023');
    const html = renderHtml(s.program, s.result, { source: s.source });
    expect(section(html, 'ranking')).toContain('<th class="sortable" data-col="14" data-first="asc" aria-sort="none" tabindex="0">称号');
    expect(section(html, 'ranking')).toContain('>基本分<');
    const notes = textOf(section(html, 'notes'));
    expect(notes).toContain('结果运用（按主管部门）');
    expect(notes).toMatch(/县乙局-15县乙局综合科（不满意单位-5）/);
    expect(notes).toContain('4条事件日期不在考核期（2022-12-01至2023-11-30）内，未计入');
  });

  it('Wucheng: the tie note of a title', async () => {
    const s = await scoreExample('wucheng-2024');
    const html = renderHtml(s.program, s.result, { source: s.source });
    expect(textOf(section(html, 'notes'))).toContain('“最佳办案能手”（二类中队）取1名：名额边界并列，2个对象均入选');
  });
});

describe('report.md and items.csv for Lishui', () => {
  it('report.md: the ranking, the notes and each unit by section', async () => {
    const s = await scoreExample('lishui-2022');
    const md = renderReportMarkdown(s.program, s.result);
    expect(md).toContain('# 丽水市综合行政执法系统2022年度工作目标考核');
    expect(md).toContain('| 9 | 松阳县 | 43.4 |');
    expect(md).toContain('- 青田县：否优，优秀评为良好');
    expect(md).toContain('### 第9名 松阳县');
    expect(md).toContain('#### （二）执法办案：12分（满分20分）');
    const line16 = flattenNodes(s.program).find((f) => f.spec.id === '（二）.16')!.spec.line;
    expect(md).toContain(
      `- 第16项「执法办案质量」〔第${line16}行〕人均普通程序案件数0.0638件/人（其中2021年度在编人数数据未提供，按10000人计），未达14件/人，每少1件/人扣0.5分（不足一级按一级计），计14级，扣7分（-7）`,
    );
  });

  it('items.csv: one row per unit, one column per item id, and the total', async () => {
    const s = await scoreExample('lishui-2022');
    const rows = renderItemsCsv(s.program, s.result)
      .trimEnd()
      .split('\n')
      .map((r) => r.split(','));
    const leaves = flattenNodes(s.program).filter((f) => f.leaf);
    expect(rows[0]).toEqual(['名次', '考核对象', ...leaves.map((f) => f.spec.id), '总分']);
    expect(rows[0]).toContain('（二）.16');
    const songyang = rows.find((r) => r[1] === '松阳县')!;
    expect(songyang[rows[0]!.indexOf('（二）.16')]).toBe('-7');
    expect(songyang.at(-1)).toBe('43.4');
  });
});
