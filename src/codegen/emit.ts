/**
 * Code generation: a Program becomes a TypeScript module with typed input interfaces, the
 * program as data and every expression compiled to a function, importing only the runtime.
 *
 * Safety: no text from a rubric is ever spliced into code. Strings go through JSON.stringify;
 * comments go through `comment()`, which neutralises `*\/` and every line terminator (including
 * U+2028 and U+2029, which end a `//` comment). Property names are always quoted.
 */
import * as prettier from 'prettier';
import { comment } from './comment.js';
import { emitFold } from './fold.js';
import { type EventSpec, type ExprIR, type InputSpec, isBooleanExpr, type NodeSpec, type Program, type ValueSpec } from '../runtime/program.js';

export interface EmitOptions {
  /** Where generated modules import the runtime from. */
  runtimeImport?: string;
  /** The generator's version, recorded in the header. */
  version?: string;
}

export { comment };

const str = (s: string): string => JSON.stringify(s);

function tsType(t: ValueSpec): string {
  switch (t.kind) {
    case 'num':
      return 'rt.Rational';
    case 'bool':
      return 'boolean';
    case 'choice':
      return (t.options ?? []).map(str).join(' | ') || 'string';
    default:
      return 'string';
  }
}

function typeWord(t: ValueSpec): string {
  if (t.kind === 'num') return t.percent ? '百分比' : (t.unit ?? '数值');
  return { bool: '是否', choice: '选项', date: '日期', text: '文本', subject: '对象' }[t.kind];
}

/** Where each expression is used, for the comment beside its compiled function. */
function exprSites(p: Program): Map<number, string> {
  const sites = new Map<number, string>();
  const at = (i: number | undefined, where: string) => {
    if (i !== undefined && !sites.has(i)) sites.set(i, where);
  };
  for (const i of p.inputs) at(i.missing, `输入【${i.name}】缺失时`);
  for (const c of p.computed) at(c.expr, `计算【${c.name}】 第${c.line}行`);
  const visit = (n: NodeSpec) => {
    const item = `${n.label}${n.title ? `「${n.title}」` : ''}`;
    if (typeof n.criterion === 'number') at(n.criterion, `${item} 达标条件 第${n.line}行`);
    for (const r of n.rules) {
      for (const c of r.alternatives) {
        const where = `${item} 第${c.line}行`;
        at(c.when, `${where} 条件`);
        c.exempt.forEach((x) => at(x.when, `${where} 免扣条件`));
        const f = c.form;
        if (f.kind === 'flat' || f.kind === 'judged') at(f.value, `${where} 分值`);
        else if (f.kind === 'quantity') (at(f.quantity, `${where} 数量`), at(f.rate, `${where} 每次分值`));
        else if (f.kind === 'step') (at(f.quantity, `${where} 实际值`), at(f.target, `${where} 门槛`), at(f.step, `${where} 级差`));
        else if (f.kind === 'rank') at(f.metric, `${where} 排名依据`);
        else {
          at(f.filter, `${where} 事件筛选`);
          at(f.rate, `${where} 每次分值`);
          f.tiers.forEach((t) => (at(t.when, `${where} ${t.label}`), at(t.rate, `${where} ${t.label}的分值`)));
          f.multipliers.forEach((m) => at(m.when, `${where} ${m.label}${m.word}`));
        }
      }
    }
    n.overrides.forEach((o) => (at(o.when, `${item} 第${o.line}行 本项得…条件`), at(o.value, `${item} 第${o.line}行 本项得…`)));
    n.waivers.forEach((w) => at(w.when, `${item} 第${w.line}行 不扣分条件`));
    n.children.forEach(visit);
  };
  p.nodes.forEach(visit);
  p.veto.forEach((v) => at(v.when, `否优 第${v.line}行`));
  for (const t of p.titles) {
    at(t.among, `评定“${t.label}” 第${t.line}行 范围`);
    at(t.when, `评定“${t.label}” 第${t.line}行 条件`);
    at(t.plus, `评定“${t.label}” 第${t.line}行 另加`);
    if (t.rank) at(t.rank.metric, `评定“${t.label}” 第${t.line}行 排名依据`);
  }
  return sites;
}

const isConstant = (e: ExprIR): boolean => e.op === 'num' || e.op === 'str' || e.op === 'date' || e.op === 'bool';

/** Single-value comparisons, with the same meaning as op.cmp(op, a, [b]). */
const CMP1 = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '==': 'eq', '!=': 'ne' } as const;

class ExprCompiler {
  /** Number constants are parsed once, at module load. */
  readonly constants = new Map<string, string>();
  /** Lists of constants compared against (为“甲”、“乙”), built once, at module load. */
  readonly lists = new Map<string, string>();

  constant(v: string): string {
    let name = this.constants.get(v);
    if (!name) this.constants.set(v, (name = `K${this.constants.size}`));
    return name;
  }

  list(items: string): string {
    let name = this.lists.get(items);
    if (!name) this.lists.set(items, (name = `L${this.lists.size}`));
    return name;
  }

  /** The expression as a condition: op.truthy() unless it is a boolean already. */
  cond(e: ExprIR): string {
    return isBooleanExpr(e) ? this.expr(e) : `op.truthy(${this.expr(e)})`;
  }

  expr(e: ExprIR): string {
    switch (e.op) {
      case 'num':
        return this.constant(e.value);
      case 'bool':
        return String(e.value);
      case 'str':
      case 'date':
        return str(e.value);
      case 'input':
        return `s.input(${str(e.name)})`;
      case 'param':
        return `s.param(${str(e.name)})`;
      case 'computed':
        return `s.computed(${str(e.name)})`;
      case 'node':
        return `s.node(${str(e.id)})`;
      case 'count':
        return e.filter === undefined ? `s.count(${str(e.event)})` : `s.count(${str(e.event)}, ${e.filter})`;
      case 'attr':
        return `s.attr(e, ${str(e.name)})`;
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
        return `op.${e.op}(${this.expr(e.a)}, ${this.expr(e.b)})`;
      case 'neg':
        return `op.neg(${this.expr(e.a)})`;
      case 'if':
        return `(${this.cond(e.c)} ? ${this.expr(e.a)} : ${this.expr(e.b)})`;
      case 'pop':
        return `s.pop(${e.id}, ${str(e.fn)}, (s) => ${this.expr(e.arg)}${e.filter ? `, (s) => ${this.expr(e.filter)}` : ''})`;
      case 'self-score':
        return 's.selfScore()';
      case 'self-points':
        return 's.selfPoints()';
      case 'total':
        return 's.total()';
      case 'date-add':
        return `op.dateAdd(${this.expr(e.date)}, ${str(e.days)}, ${e.workdays})`;
      case 'cmp': {
        const a = this.expr(e.a);
        if (e.b.length === 1) {
          const b = e.b[0]!;
          // A text or yes/no constant equals only itself (op.cmp's meaning exactly).
          if ((e.cmp === '==' || e.cmp === '!=') && (b.op === 'str' || b.op === 'date' || b.op === 'bool'))
            return `op.${e.cmp === '==' ? 'is' : 'isNot'}(${a}, ${this.expr(b)})`;
          return `op.${CMP1[e.cmp]}(${a}, ${this.expr(b)})`;
        }
        const items = `[${e.b.map((b) => this.expr(b)).join(', ')}]`;
        return `op.cmp(${str(e.cmp)}, ${a}, ${e.b.every(isConstant) ? this.list(items) : items})`;
      }
      case 'truthy':
        return this.cond(e.a);
      case 'not':
        return `!${this.cond(e.a)}`;
      case 'and':
      case 'or':
        return `(${e.items.map((i) => this.cond(i)).join(e.op === 'and' ? ' && ' : ' || ')})`;
    }
  }
}

function field(name: string, type: string, doc: string, optional = true): string {
  return `  /** ${comment(doc)} */\n  readonly ${str(name)}${optional ? '?' : ''}: ${type};`;
}

function inputDoc(i: InputSpec): string {
  const parts = [`【${i.name}】（${typeWord(i.type)}）`];
  if (i.desc) parts.push(i.desc);
  if (i.range) parts.push(`范围 ${i.range[0]}-${i.range[1]}`);
  if (i.missingText) parts.push(`缺失时${i.missingText}`);
  return parts.join('：');
}

function eventInterface(ev: EventSpec, index: number): string {
  const lines = [
    `/** 事件【${comment(ev.name)}】${ev.unit ? `（${comment(ev.unit)}）` : ''}${ev.desc ? `：${comment(ev.desc)}` : ''}（规则第${ev.line}行） */`,
    `export interface Event${index} {`,
    `  readonly 类型: ${str(ev.name)};`,
    field('对象', 'string', '计入哪个考核对象'),
    field('日期', 'string', '日期 yyyy-mm-dd'),
    field('数量', 'rt.Rational', '数量，缺省为1'),
    field('分值', 'rt.Rational', '视情扣分时由考核人员确定的分值'),
    field('事项', 'string', '事项标识：同一事项取最高'),
    field('编号', 'string', '记录编号'),
    ...ev.attrs.filter((a) => !a.builtin).map((a) => field(a.name, tsType(a.type), `【${a.name}】（${typeWord(a.type)}）${a.desc ? `：${a.desc}` : ''}`)),
    '}',
  ];
  return lines.join('\n');
}

export async function emitModule(p: Program, opts: EmitOptions = {}): Promise<string> {
  const rtImport = opts.runtimeImport ?? 'rubric-lang/runtime';
  const cx = new ExprCompiler();
  const sites = exprSites(p);
  const fns = p.exprs.map((e, i) => {
    const site = sites.get(i);
    return `  /* ${i}${site ? ` · ${comment(site)}` : ''} */ (s, e) => ${cx.expr(e)},`;
  });
  const constants = [
    ...[...cx.constants.entries()].map(([v, name]) => `const ${name} = N(${str(v)});`),
    ...[...cx.lists.entries()].map(([items, name]) => `const ${name}: readonly rt.Scalar[] = ${items};`),
  ];
  const program = JSON.stringify(p, null, 2);
  const fold = emitFold(p);
  const foldArg = fold ? ', fold' : '';
  const out = `// 由 rubric-lang${opts.version ? ` ${comment(opts.version)}` : ''} 从 ${comment(p.file)} 生成，请勿手工修改。
// ${comment(p.title)}
/* eslint-disable */
import * as rt from ${str(rtImport)};

const { op } = rt;
const N = rt.Rational.of;

// ── 数据类型 ──────────────────────────────────────────────────────────────

/** 每个考核对象的输入。 */
export interface Inputs {
${p.inputs.map((i) => field(i.name, tsType(i.type), inputDoc(i))).join('\n')}
}

/** 整个考核一次给定的参数。 */
export interface Params {
${p.params.map((i) => field(i.name, tsType(i.type), inputDoc(i))).join('\n')}
}

${p.events.map((ev, i) => eventInterface(ev, i)).join('\n\n')}

/** 任一事件。 */
export type Event = ${p.events.length ? p.events.map((_, i) => `Event${i}`).join(' | ') : 'never'};

/** 一个考核对象：名称、输入，以及达标项目的答案（如有）。 */
export interface Unit {
  readonly name: string;
  readonly inputs: Inputs;
  readonly checklist?: Readonly<Record<string, boolean>>;
}

// ── 规则（中间形式）──────────────────────────────────────────────────────

export const program: rt.Program = ${program};

// ── 编译后的表达式：下标与 program.exprs 一一对应 ──────────────────────────

${constants.join('\n')}

const exprs: ReadonlyArray<rt.ExprFn> = [
${fns.join('\n')}
];
${
  fold
    ? `
// ── 事件逐条计入：按本规则生成（引擎对其余事件用通用算法，结果相同）────────

${fold}
`
    : ''
}
// ── 入口 ─────────────────────────────────────────────────────────────────

function toEvent(ev: Event): rt.EventData {
  const { 类型, 对象, 日期, 数量, 分值, 事项, 编号, ...attrs } = ev as Event & Record<string, unknown>;
  return {
    kind: 类型 as string,
    ...(对象 !== undefined ? { object: 对象 as string } : {}),
    ...(日期 !== undefined ? { date: 日期 as string } : {}),
    ...(数量 !== undefined ? { count: 数量 as rt.Rational } : {}),
    ...(分值 !== undefined ? { amount: 分值 as rt.Rational } : {}),
    ...(事项 !== undefined ? { matter: 事项 as string } : {}),
    ...(编号 !== undefined ? { id: 编号 as string } : {}),
    attrs: attrs as Record<string, rt.Scalar | undefined>,
  };
}

// The runtime only reads a unit's inputs, so they are passed as they are (a copy of ~150 inputs per
// unit cost more than the events of a 10,000-unit run).
function toObject(u: Unit): rt.ObjectData {
  const o: rt.ObjectData = { name: u.name, values: u.inputs as unknown as Record<string, rt.Scalar | undefined> };
  if (u.checklist) o.checklist = u.checklist as rt.ObjectData['checklist'];
  return o;
}

/**
 * 为全体考核对象评分：名次、等次、否优、称号与每一分的来由。
 * options.trace 为 false 时不记录评分过程（trace 为空），得分与结果不变。
 */
export function scoreAll(units: readonly Unit[], events: Iterable<Event> = [], params: Params = {}, options?: rt.ScoreOptions): rt.RunResult {
  const scorer = createScorer(units, params, options);
  for (const ev of events) scorer.addEvent(ev);
  return scorer.finish();
}

/** 只为一个考核对象评分（全体统计、排名只在它自己之中进行）。 */
export function scoreUnit(unit: Unit, events: Iterable<Event> = [], params: Params = {}, options?: rt.ScoreOptions): rt.ObjectResult {
  return scoreAll([unit], events, params, options).objects[0]!;
}

/** 逐条读入事件评分：先给出全部考核对象，再逐条 addEvent，最后 finish。 */
export function createScorer(units: readonly Unit[], params: Params = {}, options?: rt.ScoreOptions) {
  const scorer = new rt.Scorer(program, exprs, units.map(toObject), { ...params }, options${foldArg});
  return {
    addEvent(ev: Event): void {
      scorer.addEvent(toEvent(ev));
    },
    addEventData(ev: rt.EventData): void {
      scorer.addEvent(ev);
    },
    finish(): rt.RunResult {
      return scorer.finish();
    },
  };
}

/** 以运行时的数据形式评分（供读取数据文件的程序使用）。 */
export function scoreDataset(data: rt.Dataset, options?: rt.ScoreOptions): rt.RunResult {
  return rt.run(program, exprs, data, options${foldArg});
}
`;
  return prettier.format(out, { parser: 'typescript', printWidth: 110, singleQuote: true });
}
