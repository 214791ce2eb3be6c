/**
 * Event folding compiled for one rubric (see runtime/engine/compiled.ts): per event kind, the
 * tiers, filters and multipliers of its rules become comparisons of the event's attributes with
 * the rubric's texts and numbers, and each occurrence adds 1 to a counter at a place fixed by the
 * plan. A kind is compiled only when every rule on it is a constant-rate rule (plan: `fast`),
 * not deferred, without its own period, charged to the event's 对象, and every condition is one
 * of: an attribute 为/不为 texts, an attribute compared with one number, a yes/no attribute. The
 * engine folds every other kind, and every event the compiled code hands back.
 *
 * A compiled case first reads and checks every attribute it needs (a missing or differently
 * typed value hands the event back before anything is changed), then changes counters in the
 * order the engine would: the kind's count, its filtered counts, its rules in document order.
 *
 * Safety: attribute names and texts go through JSON.stringify; numbers through N("…").
 */
import { foldLayout } from '../runtime/engine/compiled.js';
import { planOf, type FoldPlan, type KindPlan } from '../runtime/engine/plan.js';
import type { ExprIR, Program } from '../runtime/program.js';
import { comment } from './comment.js';

const str = (s: string): string => JSON.stringify(s);
const BUILTIN = new Set(['对象', '日期', '数量', '分值', '事项', '编号']);

/** Reads of the event's attributes, each checked for its type once. */
class Reads {
  readonly lines: string[] = [];
  private vars = new Map<string, { name: string; type: 'string' | 'boolean' | 'number' }>();
  /** The variable holding attribute `attr` checked as `type`, or undefined when it was read as another type. */
  read(attr: string, type: 'string' | 'boolean' | 'number'): string | undefined {
    const known = this.vars.get(attr);
    if (known) return known.type === type ? known.name : undefined;
    const name = `a${this.vars.size}`;
    this.vars.set(attr, { name, type });
    const test = type === 'number' ? `!(${name} instanceof rt.Rational)` : `typeof ${name} !== ${str(type)}`;
    this.lines.push(`const ${name} = a[${str(attr)}];`, `if (${test}) return false;`);
    return name;
  }
}

/** A condition as a boolean expression over checked attribute variables, or undefined when it is not of a compiled form. */
function condition(e: ExprIR, reads: Reads, num: (v: string) => string): string | undefined {
  while (e.op === 'truthy') {
    if (e.a.op === 'attr') {
      if (BUILTIN.has(e.a.name)) return undefined;
      const v = reads.read(e.a.name, 'boolean');
      return v && `${v}`;
    }
    e = e.a;
  }
  if (e.op !== 'cmp' || e.a.op !== 'attr' || BUILTIN.has(e.a.name)) return undefined;
  const attr = e.a.name;
  if (e.b.every((b) => b.op === 'str' || b.op === 'date') && (e.cmp === '==' || e.cmp === '!=')) {
    const v = reads.read(attr, 'string');
    if (!v) return undefined;
    const any = e.b.map((b) => `${v} === ${str((b as { value: string }).value)}`).join(' || ');
    return e.cmp === '==' ? `(${any})` : `!(${any})`;
  }
  if (e.b.length === 1 && e.b[0]!.op === 'num') {
    const v = reads.read(attr, 'number');
    if (!v) return undefined;
    return `${v}.cmp(${num(e.b[0]!.value)}) ${e.cmp === '==' ? '===' : e.cmp === '!=' ? '!==' : e.cmp} 0`;
  }
  return undefined;
}

function compilable(k: KindPlan): boolean {
  return !k.charge.length && k.filters.every((f) => !f.deferred) && k.clauses.every((p) => p.fast && !p.deferred && !p.period);
}

/** One kind's case: a function body, or undefined when the kind is left to the engine. */
function kindBody(p: Program, k: KindPlan, size: number, num: (v: string) => string): string | undefined {
  if (!compilable(k)) return undefined;
  const reads = new Reads();
  const effects: string[] = [];
  const at = (slot: string) => `o + ${slot}`;
  const bump = (i: string) => `n[${i}] = n[${i}]! + 1;`;
  if (k.countSlot >= 0) effects.push(bump(at(String(k.countSlot))));
  for (const f of k.filters) {
    const c = condition(p.exprs[f.expr]!, reads, num);
    if (c === undefined) return undefined;
    effects.push(`if (${c}) ${bump(at(String(f.slot)))}`);
  }
  let matters = false;
  for (const [j, fp] of k.clauses.entries()) {
    const rule = ruleEffects(p, fp, j, reads, num);
    if (rule === undefined) return undefined;
    if (fp.keepMatters) matters = true;
    effects.push(...rule);
  }
  return [
    'const u = h.unit(ev.object);',
    'if (u < 0) return false;',
    ...(reads.lines.length ? ['const a = ev.attrs;', ...reads.lines] : []),
    ...(matters ? ['const m = ev.matter;'] : []),
    'const n = h.num;',
    `const o = u * ${size};`,
    'const seq = ++h.seq;',
    ...effects,
    'return true;',
  ].join('\n');
}

/** One rule's part: its slot (tier and multipliers), then the counter or the 同一事项 offer. */
function ruleEffects(p: Program, fp: FoldPlan, j: number, reads: Reads, num: (v: string) => string): string[] | undefined {
  const ff = fp.fast!;
  const f = fp.form;
  const c = fp.clause;
  const filter = f.filter !== undefined ? condition(p.exprs[f.filter]!, reads, num) : '';
  if (filter === undefined) return undefined;
  const tiers: string[] = [];
  for (const t of f.tiers) {
    const cond = condition(p.exprs[t.when]!, reads, num);
    if (cond === undefined) return undefined;
    tiers.push(cond);
  }
  const mults: string[] = [];
  for (const m of f.multipliers) {
    const cond = condition(p.exprs[m.when]!, reads, num);
    if (cond === undefined) return undefined;
    mults.push(cond);
  }
  // slot = (tier + 1) << nMult | mask, tier −1 when no tier matches (plan.ts)
  let tier = '0';
  for (let i = tiers.length - 1; i >= 0; i--) tier = `${tiers[i]} ? ${i + 1} : ${tier}`;
  const mask = mults.map((m, i) => `(${m} ? ${1 << i} : 0)`);
  const slot = ff.nMult ? `((${tier}) << ${ff.nMult}) | ${mask.join(' | ')}` : tier;
  const s = `s${j}`;
  // The counter, and the sequence number of the slot's first occurrence (orders the trace's groups).
  const count = [
    `n[o + ${ff.counts} + ${s}] = n[o + ${ff.counts} + ${s}]! + 1;`,
    `if (h.tracing && n[o + ${ff.first} + ${s}] === 0) n[o + ${ff.first} + ${s}] = seq;`,
  ];
  const body = [`const ${s} = ${slot};`, ...(fp.keepMatters ? [`if (m) h.offer(u, ${c.index}, ${s}, m);`, 'else {', ...count, '}'] : count)];
  return [`// ${comment(`${c.node.name} 第${c.spec.line}行`)}`, ...(filter ? [`if (${filter}) {`, ...body, '}'] : ['{', ...body, '}'])];
}

/** The module's `fold` constant, or undefined when no kind can be compiled. */
export function emitFold(p: Program): string | undefined {
  const plan = planOf(p);
  const numbers = new Map<string, string>();
  const num = (v: string) => {
    let name = numbers.get(v);
    if (!name) numbers.set(v, (name = `FK${numbers.size}`));
    return name;
  };
  const cases: string[] = [];
  const fns: string[] = [];
  for (const k of plan.kinds.values()) {
    const body = kindBody(p, k, plan.numbers, num);
    if (body === undefined) continue;
    const fn = `fold${fns.length}`;
    cases.push(`case ${str(k.name)}: return ${fn}(h, ev);`);
    fns.push(`/** 事件【${comment(k.name)}】 */\nfunction ${fn}(h: rt.FoldHost, ev: rt.EventData): boolean {\n${body}\n}`);
  }
  if (!cases.length) return undefined;
  const period = p.period ? `const d = ev.date;\n  if (d && (d < ${str(p.period.from)} || d > ${str(p.period.to)})) return false;\n  ` : '';
  return `${[...numbers].map(([v, name]) => `const ${name} = N(${str(v)});`).join('\n')}

${fns.join('\n\n')}

const fold: rt.CompiledFold = {
  layout: ${str(foldLayout(plan))},
  fold(h, ev) {
  if (ev.count !== undefined) return false;
  ${period}switch (ev.kind) {
    ${cases.join('\n    ')}
    default:
      return false;
  }
  },
};`;
}
