/**
 * The text of declaration, 等次, 评定 and 结果运用 lines (see text.ts for the pieces they are
 * made of, print.ts for the rules).
 */
import type * as A from '../syntax/ast.js';
import { bound, cond, expr, number, numeral, quote, tieRule } from './text.js';

// ── declarations ────────────────────────────────────────────────────────────

export function typeSpec(t: A.TypeSpec | undefined): string {
  if (!t) return '';
  switch (t.kind) {
    case 'Points':
      return '分';
    case 'Quantity':
      return `${t.unit.word}${t.per ? `/${t.per.word}` : ''}`;
    case 'Percent':
      return '百分比';
    case 'Bool':
      return '是否';
    case 'Choice':
      return `选项${t.options.map((o) => quote(o.value)).join('')}`;
    case 'Date':
      return '日期';
    case 'Text':
      return '文本';
    case 'Number':
      return '数值';
    case 'Subject':
      return '对象';
  }
}

function declQualifier(q: A.DeclQualifier): string {
  switch (q.kind) {
    case 'Range':
      return `范围${numeral(q.min)}-${number(q.max)}`;
    case 'Missing':
      return `缺失时按${expr(q.value)}`;
    case 'Group':
      return '分组';
  }
}

function declQuals(qs: A.DeclQualifier[]): string {
  return qs.length ? `（${qs.map(declQualifier).join('，')}）` : '';
}

function desc(d: string | undefined): string {
  return d !== undefined ? `：${d}` : '';
}

/** 【持证率】百分比（缺失时按0%）：描述, and the same for events and attributes. */
export function declLine(d: A.ValueDecl | A.AttributeDecl | A.EventDecl | A.ComputedDecl): string {
  switch (d.kind) {
    case 'Input':
    case 'Param':
      return `${expr(d.name)}${typeSpec(d.type)}${declQuals(d.qualifiers)}${desc(d.desc)}`;
    case 'Attribute':
      return `属性${expr(d.name)}${typeSpec(d.type)}${declQuals(d.qualifiers)}${desc(d.desc)}`;
    case 'Event':
      return `${expr(d.name)}${d.unit?.word ?? ''}${declQuals(d.qualifiers)}${desc(d.desc)}`;
    case 'Computed':
      return `${expr(d.name)}${typeSpec(d.type)}=${cond(d.value)}${desc(d.desc)}`;
  }
}

export function chargeLine(c: A.ChargeDecl): string {
  const share = (t: A.ChargeDecl['targets'][number]): string =>
    !t.factor ? '' : t.word === '减半' && t.factor.value === '0.5' ? '减半' : `按${numeral(t.factor)}倍`;
  return `计入${c.targets.map((t) => `${expr(t.attr)}${share(t)}`).join('、')}`;
}

// ── outcomes ────────────────────────────────────────────────────────────────

export function bandLine(b: A.GradeBand): string {
  let out = `${b.label}：${b.rest ? '其余' : b.bounds.map(bound).join('、')}`;
  if (b.quota) out += `；限${b.quota.count}名，按总分从高到低${b.quota.tie ? `，并列${tieRule(b.quota.tie)}` : ''}`;
  if (b.outsideQuota) out += `；名额外的评为${quote(b.outsideQuota.label)}`;
  if (b.vetoTo) out += `；否优的评为${quote(b.vetoTo.label)}`;
  return out;
}

function count(c: A.CountSpec): string {
  return c.kind === 'Count' ? `${c.n}名` : number(c.percent);
}

export function titleLine(d: A.TitleDef): string {
  let out = `${d.label}：`;
  if (d.from) out += `${quote(d.from.label)}中`;
  if (d.among) out += `仅${cond(d.among)}的，`;
  if (d.rank) {
    const r = d.rank;
    out += `按${expr(r.metric)}${r.group ? `在${expr(r.group)}内` : ''}${r.order === 'asc' ? '从低到高' : '从高到低'}`;
    out += r.perGroup
      ? `，按${expr(r.perGroup.attr)}，${r.perGroup.values.map(expr).join('、')}分别前${r.perGroup.counts.map(count).join('、')}`
      : `前${count(r.count)}`;
    const opts = [
      ...(r.rounding ? [r.rounding === 'ceil' ? '向上取整' : '向下取整'] : []),
      ...(r.atLeast !== undefined ? [`至少${r.atLeast}名`] : []),
      ...(r.tie ? [`并列${tieRule(r.tie)}`] : []),
    ];
    if (opts.length) out += `（${opts.join('，')}）`;
    if (d.plus) out += `，另加${cond(d.plus)}的`;
  } else if (d.condition) {
    out += `${cond(d.condition)}的`;
  }
  return out;
}

export function resultUseLine(r: A.ResultUseBlock['rules'][number]): string {
  return `${r.label.label}：${r.sign === 'add' ? '加' : '减'}${number(r.delta)}`;
}
