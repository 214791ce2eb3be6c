/**
 * Inline SVG charts for the HTML report, generated here (no chart library): totals per unit (or
 * their histogram for many units), the score of each section per unit (a heat map, or the range
 * and mean per section for many units), the distribution of grades and the items that cost most
 * units points. Every text is escaped; numbers are doubles only for drawing.
 */
import type { RunResult } from '../runtime/model.js';
import type { Program } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';
import { shortNumber } from '../cli/format.js';
import { esc } from './escape.js';
import { heading } from './explain.js';
import type { ItemStat, QuotaLine, SectionStat, UnitNodes } from './analysis.js';
import { gradeOrder, isBonus } from './analysis.js';

/** Colours of the grade bands, best first; further bands grey. */
export const GRADE_COLORS = ['#2e7d32', '#1565c0', '#ef6c00', '#c62828', '#6a1b9a', '#455a64'];
export function gradeColor(program: Program, grade: string | undefined): string {
  if (grade === undefined) return '#78909c';
  return GRADE_COLORS[Math.min(gradeOrder(program, grade), GRADE_COLORS.length - 1)]!;
}

const W = 760;
const num = (v: string) => Rational.of(v).toNumber();
const fmt = (x: number) => (Math.round(x * 10) / 10).toString();
/** Width of a text in px at 12px: CJK characters count double. */
function textWidth(s: string, size = 12): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) ? size : size * 0.6;
  return w;
}
function clip(s: string, px: number, size = 12): string {
  if (textWidth(s, size) <= px) return s;
  let out = '';
  for (const ch of s) {
    if (textWidth(out + ch + '…', size) > px) break;
    out += ch;
  }
  return `${out}…`;
}

/** A round number ≥ x for the end of an axis. */
function niceCeil(x: number): number {
  if (x <= 0) return 0;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}
function ticks(lo: number, hi: number, n = 5): number[] {
  const span = hi - lo || 1;
  const step = niceCeil(span / n);
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(Math.round(t * 1e6) / 1e6);
  return out;
}

function svgOpen(h: number, label: string): string {
  return `<svg class="chart" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${esc(label)}">`;
}

interface Thresholds {
  value: number;
  label: string;
}
function gradeThresholds(program: Program): Thresholds[] {
  return (program.grades?.bands ?? [])
    .filter((b) => b.lo)
    .map((b) => ({ value: num(b.lo!.value), label: `${b.label}${b.lo!.closed ? '≥' : '>'}${b.lo!.value}` }));
}

/** Totals per unit as horizontal bars in rank order, coloured by grade, with grade thresholds and quota lines. */
export function totalsChart(program: Program, result: RunResult, quotas: QuotaLine[]): string {
  const objs = result.objects;
  if (objs.length > 60) return totalsHistogram(program, result);
  const totals = objs.map((o) => num(o.total));
  const lo = Math.min(0, ...totals);
  const hi = niceCeil(Math.max(program.total ? num(program.total) : 0, ...totals, 1));
  const L = Math.min(230, Math.max(80, Math.max(...objs.map((o) => textWidth(o.name))) + 44));
  const R = 110;
  const rowH = 22;
  const top = 30;
  const h = top + objs.length * rowH + 26;
  const x = (v: number) => L + ((v - lo) / (hi - lo)) * (W - L - R);
  const parts: string[] = [svgOpen(h, '各单位总分')];
  for (const t of ticks(lo, hi)) {
    parts.push(`<line x1="${fmt(x(t))}" y1="${top - 4}" x2="${fmt(x(t))}" y2="${h - 22}" class="grid"/>`);
    parts.push(`<text x="${fmt(x(t))}" y="${h - 8}" class="tick" text-anchor="middle">${t}</text>`);
  }
  objs.forEach((o, i) => {
    const y = top + i * rowH;
    const v = totals[i]!;
    const x0 = x(Math.min(0, v));
    const x1 = x(Math.max(0, v));
    const color = gradeColor(program, o.grade);
    parts.push(
      `<g class="bar"><title>${esc(`第${o.rank}名 ${o.name}：${shortNumber(o.total)}分${o.grade ? ` ${o.grade}` : ''}${o.vetoed ? '（否优）' : ''}`)}</title>` +
        `<text x="${L - 6}" y="${y + 15}" text-anchor="end" class="label">${esc(`${o.rank}. ${o.name}`)}</text>` +
        `<rect x="${fmt(x0)}" y="${y + 3}" width="${fmt(Math.max(1, x1 - x0))}" height="${rowH - 6}" fill="${color}"${o.vetoed ? ' class="vetoed"' : ''}/>` +
        `<text x="${fmt(x1 + 4)}" y="${y + 15}" class="value">${esc(shortNumber(o.total))}${o.grade ? ` ${esc(o.grade)}` : ''}${o.vetoed ? ' 否优' : ''}</text></g>`,
    );
  });
  for (const t of gradeThresholds(program)) {
    if (t.value <= lo || t.value >= hi) continue;
    parts.push(`<line x1="${fmt(x(t.value))}" y1="${top - 6}" x2="${fmt(x(t.value))}" y2="${h - 22}" class="threshold"/>`);
    parts.push(`<text x="${fmt(x(t.value))}" y="${top - 10}" text-anchor="middle" class="threshold-label">${esc(t.label)}</text>`);
  }
  for (const q of quotas) {
    const y = top + (q.after + 1) * rowH;
    parts.push(`<line x1="4" y1="${y}" x2="${W - 4}" y2="${y}" class="quota"/>`);
    parts.push(`<text x="${W - 6}" y="${y - 3}" text-anchor="end" class="quota-label">${esc(`${q.grade}限${q.count}名`)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** For many units: how many units fall in each range of totals. */
export function totalsHistogram(program: Program, result: RunResult): string {
  const totals = result.objects.map((o) => num(o.total));
  if (!totals.length) return '';
  const min = totals.reduce((a, b) => Math.min(a, b));
  const max = totals.reduce((a, b) => Math.max(a, b));
  const lo = Math.floor(min);
  const hiRaw = Math.max(lo + 1, Math.ceil(max));
  const bins = Math.min(40, Math.max(10, Math.ceil(hiRaw - lo)));
  const width = (hiRaw - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const t of totals) counts[Math.min(bins - 1, Math.floor((t - lo) / width))]!++;
  const top = 30;
  const h = 260;
  const L = 50;
  const bottom = h - 30;
  const cmax = Math.max(...counts);
  const x = (v: number) => L + ((v - lo) / (hiRaw - lo)) * (W - L - 20);
  const y = (c: number) => bottom - (c / (cmax || 1)) * (bottom - top);
  const parts = [svgOpen(h, '总分分布')];
  for (const t of ticks(0, cmax, 4))
    parts.push(
      `<line x1="${L}" y1="${fmt(y(t))}" x2="${W - 20}" y2="${fmt(y(t))}" class="grid"/><text x="${L - 6}" y="${fmt(y(t) + 4)}" text-anchor="end" class="tick">${t}</text>`,
    );
  counts.forEach((c, i) => {
    const a = lo + i * width;
    parts.push(
      `<rect x="${fmt(x(a) + 1)}" y="${fmt(y(c))}" width="${fmt(Math.max(1, x(a + width) - x(a) - 2))}" height="${fmt(bottom - y(c))}" class="hist"><title>${esc(`${fmt(a)}–${fmt(a + width)}分：${c}个单位`)}</title></rect>`,
    );
  });
  for (const t of ticks(lo, hiRaw, 8)) parts.push(`<text x="${fmt(x(t))}" y="${h - 12}" text-anchor="middle" class="tick">${t}</text>`);
  for (const t of gradeThresholds(program)) {
    if (t.value <= lo || t.value >= hiRaw) continue;
    parts.push(
      `<line x1="${fmt(x(t.value))}" y1="${top - 6}" x2="${fmt(x(t.value))}" y2="${bottom}" class="threshold"/><text x="${fmt(x(t.value))}" y="${top - 10}" text-anchor="middle" class="threshold-label">${esc(t.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

function heat(share: number, bonus: boolean): string {
  const s = Math.max(0, Math.min(1, share));
  // lost share: near-white → deep red; bonus gained share: near-white → green.
  const [r0, g0, b0] = [250, 250, 250];
  const [r1, g1, b1] = bonus ? [46, 125, 50] : [198, 40, 40];
  const m = (a: number, b: number) => Math.round(a + (b - a) * s);
  return `rgb(${m(r0, r1)},${m(g0, g1)},${m(b0, b1)})`;
}

/** Each section's score per unit: one cell per unit and section, redder where more points were lost. */
export function sectionsChart(program: Program, result: RunResult, sectionIdx: number[], units: UnitNodes[], stats: SectionStat[]): string {
  const objs = result.objects;
  if (objs.length > 60) return sectionsSummary(program, stats);
  const secs = program.nodes;
  const L = Math.min(230, Math.max(80, Math.max(...objs.map((o) => textWidth(o.name))) + 44));
  const cw = (W - L) / Math.max(1, secs.length);
  const rowH = 22;
  const top = 40;
  const h = top + objs.length * rowH + 8;
  const parts = [svgOpen(h, '各部分得分')];
  secs.forEach((s, j) => {
    const cx = L + j * cw + cw / 2;
    parts.push(
      `<g><title>${esc(`${heading(s)}${s.points ? `（${s.points}分）` : ''}`)}</title><text x="${fmt(cx)}" y="14" text-anchor="middle" class="col">${esc(clip(s.number, cw - 4))}</text><text x="${fmt(cx)}" y="30" text-anchor="middle" class="col">${esc(clip(s.title ?? '', cw - 4))}</text></g>`,
    );
  });
  objs.forEach((o, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="${L - 6}" y="${y + 15}" text-anchor="end" class="label">${esc(`${o.rank}. ${o.name}`)}</text>`);
    secs.forEach((s, j) => {
      const k = sectionIdx[j]!;
      const score = units[i]!.scores[k] ?? '';
      const st = stats[j]!;
      const bonus = isBonus(s);
      let share: number;
      if (s.points && num(s.points) > 0) share = bonus ? num(score || '0') / num(s.points) : (units[i]!.lost[k]?.toNumber() ?? 0) / num(s.points);
      else {
        const span = st.max.sub(st.min).toNumber();
        const rel = span > 0 ? (num(score || '0') - st.min.toNumber()) / span : 1;
        share = bonus ? rel : 1 - rel;
      }
      const fill = heat(share, bonus);
      const dark = share > 0.55;
      parts.push(
        `<g><title>${esc(`${o.name} ${heading(s)}：${score ? shortNumber(score) : '未计分'}分${s.points ? `（满分${s.points}分）` : ''}，本部分第${st.ranks[i]}名`)}</title>` +
          `<rect x="${fmt(L + j * cw + 1)}" y="${y + 1}" width="${fmt(cw - 2)}" height="${rowH - 2}" fill="${fill}"/>` +
          `<text x="${fmt(L + j * cw + cw / 2)}" y="${y + 15}" text-anchor="middle" class="cell${dark ? ' dark' : ''}">${esc(score ? shortNumber(score) : '—')}</text></g>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('');
}

/** For many units: per section, the range of scores (min–max), the mean, and the full points. */
export function sectionsSummary(program: Program, stats: SectionStat[]): string {
  const L = 200;
  const rowH = 26;
  const top = 24;
  const h = top + stats.length * rowH + 28;
  const his = stats.map((s) => Math.max(s.spec.points ? num(s.spec.points) : 0, s.max.toNumber()));
  const los = stats.map((s) => Math.min(0, s.min.toNumber()));
  const hi = niceCeil(Math.max(...his, 1));
  const lo = Math.min(...los, 0);
  const x = (v: number) => L + ((v - lo) / (hi - lo)) * (W - L - 30);
  const parts = [svgOpen(h, '各部分得分范围与平均')];
  for (const t of ticks(lo, hi))
    parts.push(
      `<line x1="${fmt(x(t))}" y1="${top - 4}" x2="${fmt(x(t))}" y2="${h - 24}" class="grid"/><text x="${fmt(x(t))}" y="${h - 8}" text-anchor="middle" class="tick">${t}</text>`,
    );
  stats.forEach((s, i) => {
    const y = top + i * rowH;
    const name = heading(s.spec);
    parts.push(
      `<g><title>${esc(`${name}：最低${shortNumber(s.min.toString())}，平均${s.mean.toFixed(2)}，最高${shortNumber(s.max.toString())}${s.spec.points ? `（满分${s.spec.points}分）` : ''}`)}</title>` +
        `<text x="${L - 6}" y="${y + 16}" text-anchor="end" class="label">${esc(clip(name, L - 10))}</text>` +
        (s.spec.points ? `<rect x="${fmt(x(0))}" y="${y + 6}" width="${fmt(x(num(s.spec.points)) - x(0))}" height="${rowH - 12}" class="full"/>` : '') +
        `<rect x="${fmt(x(s.min.toNumber()))}" y="${y + 6}" width="${fmt(Math.max(1, x(s.max.toNumber()) - x(s.min.toNumber())))}" height="${rowH - 12}" class="range"/>` +
        `<line x1="${fmt(x(s.mean.toNumber()))}" y1="${y + 2}" x2="${fmt(x(s.mean.toNumber()))}" y2="${y + rowH - 2}" class="mean"/></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** How many units received each grade (and how many were vetoed). */
export function gradesChart(program: Program, result: RunResult): string {
  const bands = program.grades?.bands ?? [];
  const labels = bands.map((b) => b.label);
  for (const o of result.objects) if (o.grade !== undefined && !labels.includes(o.grade)) labels.push(o.grade);
  const counts = labels.map((l) => result.objects.filter((o) => o.grade === l).length);
  const vetoed = labels.map((l) => result.objects.filter((o) => o.grade === l && o.vetoed).length);
  const h = 220;
  const top = 24;
  const bottom = h - 40;
  const L = 50;
  const cmax = Math.max(1, ...counts);
  const bw = Math.min(110, (W - L - 20) / Math.max(1, labels.length));
  const y = (c: number) => bottom - (c / cmax) * (bottom - top);
  const parts = [svgOpen(h, '等次分布')];
  for (const t of ticks(0, cmax, 4).filter((t) => Number.isInteger(t)))
    parts.push(
      `<line x1="${L}" y1="${fmt(y(t))}" x2="${W - 20}" y2="${fmt(y(t))}" class="grid"/><text x="${L - 6}" y="${fmt(y(t) + 4)}" text-anchor="end" class="tick">${t}</text>`,
    );
  labels.forEach((l, i) => {
    const x0 = L + 10 + i * bw;
    const c = counts[i]!;
    const band = bands.find((b) => b.label === l);
    const quota = band?.quota ? `（限${band.quota.count}名）` : '';
    parts.push(
      `<g><title>${esc(`${l}：${c}个单位${quota}${vetoed[i] ? `，其中否优${vetoed[i]}个` : ''}`)}</title>` +
        `<rect x="${fmt(x0 + 8)}" y="${fmt(y(c))}" width="${fmt(bw - 16)}" height="${fmt(bottom - y(c))}" fill="${gradeColor(program, l)}"/>` +
        `<text x="${fmt(x0 + bw / 2)}" y="${fmt(y(c) - 5)}" text-anchor="middle" class="value">${c}</text>` +
        `<text x="${fmt(x0 + bw / 2)}" y="${bottom + 16}" text-anchor="middle" class="label">${esc(l)}</text>` +
        (quota ? `<text x="${fmt(x0 + bw / 2)}" y="${bottom + 31}" text-anchor="middle" class="tick">${esc(quota)}</text>` : '') +
        `</g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** The items that cost the most units points: bar = share of units, text = units and points. */
export function bitesChart(stats: ItemStat[], unitCount: number, limit = 15): string {
  const top = stats.slice(0, limit);
  if (!top.length) return '';
  const L = 250;
  const rowH = 22;
  const h = 10 + top.length * rowH + 10;
  const x = (share: number) => L + share * (W - L - 150);
  const parts = [svgOpen(h, '失分最集中的细项')];
  top.forEach((s, i) => {
    const y = 10 + i * rowH;
    const n = s.node.spec;
    const name = `${n.label}${n.title ? ` ${n.title}` : ''}`;
    parts.push(
      `<g><title>${esc(`${name}：${s.units}个单位失分，合计${shortNumber(s.total.toString())}分`)}</title>` +
        `<text x="${L - 6}" y="${y + 15}" text-anchor="end" class="label">${esc(clip(name, L - 10))}</text>` +
        `<rect x="${L}" y="${y + 3}" width="${fmt(Math.max(1, x(s.units / unitCount) - L))}" height="${rowH - 6}" class="bite"/>` +
        `<text x="${fmt(x(s.units / unitCount) + 4)}" y="${y + 15}" class="value">${esc(`${s.units}/${unitCount}个单位 · 合计${shortNumber(s.total.toString())}分`)}</text></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
