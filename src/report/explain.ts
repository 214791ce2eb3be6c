/**
 * Explanations: every trace entry as one Chinese sentence a unit can read, with the item
 * number and the rubric line it comes from. Used by `rubric explain` and the reports.
 */
import type { EventGroup, Fact, ObjectResult, TraceEntry } from '../runtime/model.js';
import type { NodeSpec, Program } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';

export interface ExplainLine {
  /** Item id (path) and how a reader cites it. */
  node: string;
  item: string;
  /** The rubric line the sentence comes from. */
  line: number;
  kind: TraceEntry['kind'];
  sentence: string;
  /** Signed effect on the score, when the entry changes it. */
  effect?: string;
}

/** Exact values print as written; a value that does not terminate shows six decimals and the fraction. */
export function showNumber(v: string): string {
  if (!v.includes('/')) return v;
  const r = Rational.of(v);
  return `${r.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}…（精确值${v}）`;
}

/** A ratio as a percentage: 0.925 → 92.5%; 26/29 → 89.655172…%（精确值26/29）. */
export function showPercent(ratio: string): string {
  const r = Rational.of(ratio);
  const pct = r.mul(100);
  if (pct.isTerminating()) return `${pct.toString()}%`;
  return `${pct.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}…%（精确值${r.toString()}）`;
}

function unitText(u: string | undefined): string {
  return u && u !== '数值' ? u : '';
}

function fact(f: Fact): string {
  const value = f.percent ? showPercent(f.value) : f.value === 'true' ? '是' : f.value === 'false' ? '否' : showNumber(f.value);
  const base = `${f.name}${/^[是否]$/.test(value) ? '为' : ''}${value}${unitText(f.unit)}`;
  // A value computed from inputs that were not in the data: which, and what was used instead.
  const from = f.defaults?.length ? `其中${f.defaults.map((d) => `${d.name}数据未提供，${d.assumed}计`).join('；')}` : '';
  if (f.assumed) return `${base}（数据未提供，${f.assumed}计${from ? `；${from}` : ''}）`;
  return from ? `${base}（${from}）` : base;
}

function facts(fs: Fact[]): string {
  return fs.map(fact).join('，');
}

function verb(sign: 'deduct' | 'add' | 'get'): string {
  return sign === 'deduct' ? '扣' : sign === 'add' ? '加' : '得';
}

function group(g: EventGroup, per: string | undefined): string {
  const rate = g.rate === '视情' ? '视情计分' : `每${per ?? '次'}${showNumber(g.rate)}分`;
  return `${g.label}${showNumber(g.count)}${per ?? ''}（${rate}${g.multiplier ? `，${g.multiplier}` : ''}，计${showNumber(g.amount)}分）`;
}

/** A section heading as the document writes it: 一、队伍建设 / （一）基本认识 / 1. 服务对象满意度评价. */
export function heading(n: NodeSpec): string {
  const title = n.title ?? '';
  if (/^[一二三四五六七八九十百]+$/.test(n.number)) return `${n.number}、${title}`;
  if (/^[0-9]+$/.test(n.number)) return `${n.number}. ${title}`.trimEnd();
  return `${n.number}${title}`;
}

export function itemName(n: NodeSpec | undefined, id: string): string {
  if (!n) return id;
  return `${n.label}${n.title ? `「${n.title}」` : ''}`;
}

export function sentence(e: TraceEntry, p: { nodes: Map<string, NodeSpec> }): string {
  switch (e.kind) {
    case 'rule': {
      const v = verb(e.sign);
      const amount = showNumber(e.amount);
      const d = e.detail;
      switch (d.form) {
        case 'step': {
          // Percentages are stored as ratios (0.4); units as declared (件/人).
          const q = (x: string) => (d.percent ? showPercent(x) : `${showNumber(x)}${unitText(d.unit)}`);
          const word = /^(超过|高于|多于|大于)/.test(d.words) ? (d.words.startsWith('高于') ? '每高' : '每多') : d.words.startsWith('低于') ? '每低' : '每少';
          return `${facts(e.facts) || q(d.value)}，${d.words}${q(d.target)}，${word}${q(d.step)}${v}${d.amount}分（${d.partial === 'ceil' ? '不足一级按一级计' : '不足一级不计'}），计${d.steps}级，${v}${amount}分`;
        }
        case 'quantity':
          return `${facts(e.facts)}，每${d.per ?? '次'}${v}${showNumber(d.rate)}分，${v}${amount}分`;
        case 'events': {
          const groups = d.groups.filter((g) => g.count !== '0');
          const parts = groups.map((g) => group(g, d.per)).join('；');
          const out = d.outsidePeriod ? `（另有${d.outsidePeriod}条不在本项期间内，未计）` : '';
          return `${parts || `无【${d.event}】记录`}${out}，${v}${amount}分`;
        }
        case 'rank':
          return `${facts(e.facts)}，排名第${d.rank}名（共${d.of}个${d.tie ? '，并列' : ''}），${v}${amount}分`;
        case 'judged':
          return `酌定${v}${amount}分`;
        case 'flat': {
          const why = facts(e.facts);
          return `${why ? `${why}；` : ''}按“${e.text}”，${v}${amount}分`;
        }
      }
      return '';
    }
    case 'criterion':
      if (e.checklist) return e.met ? '达标，得满分' : '未达标，不得分';
      return `${facts(e.facts)}，${e.met ? '达标，得满分' : '未达标，不得分'}`;
    case 'exempt':
      return `${facts(e.facts)}，符合不扣分的情形（“${e.text}”），不扣分`;
    case 'same-matter':
      return `同一事项“${e.matter}”已按最高${showNumber(e.kept)}分计，这一条的${showNumber(e.dropped)}分不再重复计`;
    case 'cap':
      return `${e.word}${showNumber(e.limit)}分：${e.scope === 'rule' ? '该规则' : '本项'}合计${showNumber(e.before)}分，按${showNumber(e.after)}分计`;
    case 'floor':
      return `扣完为止：得分${showNumber(e.before)}分，按${showNumber(e.after)}分计`;
    case 'override':
      return e.before !== undefined
        ? `${facts(e.facts)}，按“${e.text}”，本项由${showNumber(e.before)}分改为${showNumber(e.after)}分`
        : `${facts(e.facts)}，按“${e.text}”，本项得${showNumber(e.after)}分`;
    case 'round':
      return `保留${e.places}位小数：${showNumber(e.before)}分计为${showNumber(e.after)}分`;
    case 'score':
      return `得分${showNumber(e.score)}分${e.points ? `（满分${e.points}分）` : ''}`;
  }
}

function effect(e: TraceEntry): string | undefined {
  if (e.kind === 'rule' && e.sign !== 'get') return `${e.sign === 'deduct' ? '-' : '+'}${e.amount}`;
  return undefined;
}

export function nodeIndex(program: Program): Map<string, NodeSpec> {
  const m = new Map<string, NodeSpec>();
  const walk = (n: NodeSpec) => {
    m.set(n.id, n);
    n.children.forEach(walk);
  };
  program.nodes.forEach(walk);
  return m;
}

export function explainObject(program: Program, obj: ObjectResult): ExplainLine[] {
  const nodes = nodeIndex(program);
  return obj.trace.map((e) => {
    const eff = effect(e);
    return {
      node: e.node,
      item: itemName(nodes.get(e.node), e.node),
      line: e.line,
      kind: e.kind,
      sentence: sentence(e, { nodes }),
      ...(eff ? { effect: eff } : {}),
    };
  });
}
