/**
 * A read-only view of one lowered Program for the diff: look-ups by name and id, and the texts
 * the report shows for expressions, conditions, amounts and declarations.
 *
 * The texts are rendered from the Program (not copied from the source), in one canonical
 * spelling, so that two rubrics that say the same thing in different words render the same:
 * comparisons read 不足 / 不超过 / 超过 / 达到 / 为 / 不为, percentages as 90%, amounts as
 * 扣1分/件. Where the Program keeps the words as written (a step's 未达到, a clause's text) they
 * are used.
 */
import { itemName } from '../report/explain.js';
import type { ExprIR, FormSpec, InputSpec, NodeSpec, Program, TieSpec, ValueSpec } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';

/** How a number compared with a value is shown: as a percentage, or with a unit. */
interface Shown {
  percent?: boolean;
  unit?: string;
}

export type DeclKind = 'input' | 'param' | 'event' | 'computed';

export const DECL_WORD: Record<DeclKind, string> = { input: '输入', param: '参数', event: '事件', computed: '计算' };

const CMP_WORD = { '<': '不足', '<=': '不超过', '>': '超过', '>=': '达到', '==': '为', '!=': '不为' } as const;
const POP_WORD = { avg: '全体平均', sum: '全体合计', max: '全体最高', min: '全体最低' } as const;
const SIGN_WORD = { deduct: '扣', add: '加', get: '得' } as const;
const MODE_WORD: Record<NodeSpec['mode'], string> = {
  deduct: '扣分制',
  add: '加分制',
  check: '达标',
  assign: '赋分',
  formula: '公式',
  points: '积分制',
};

/** A number as a reader writes it: 0.5, 1/3 (never rounded). */
export function num(value: string | Rational): string {
  return (typeof value === 'string' ? Rational.of(value) : value).toString();
}

/** A date 2022-12-31 as 2022年12月31日. */
export function dateText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

export function modeWord(mode: NodeSpec['mode']): string {
  return MODE_WORD[mode] ?? mode;
}

function prec(e: ExprIR): number {
  switch (e.op) {
    case 'add':
    case 'sub':
      return 1;
    case 'mul':
    case 'div':
      return 2;
    case 'neg':
      return 3;
    case 'if':
      return 0;
    default:
      return 4;
  }
}

export class View {
  readonly inputs = new Map<string, InputSpec>();
  readonly params = new Map<string, InputSpec>();
  readonly computed = new Map<string, Program['computed'][number]>();
  readonly events = new Map<string, Program['events'][number]>();
  /** Every node in document order (preorder). */
  readonly order: NodeSpec[] = [];
  readonly byId = new Map<string, NodeSpec>();
  readonly parent = new Map<string, NodeSpec | undefined>();
  readonly depth = new Map<string, number>();
  readonly index = new Map<string, number>();

  constructor(readonly p: Program) {
    for (const i of p.inputs) this.inputs.set(i.name, i);
    for (const i of p.params) this.params.set(i.name, i);
    for (const c of p.computed) this.computed.set(c.name, c);
    for (const e of p.events) this.events.set(e.name, e);
    const walk = (n: NodeSpec, parent: NodeSpec | undefined, depth: number) => {
      this.index.set(n.id, this.order.length);
      this.order.push(n);
      this.byId.set(n.id, n);
      this.parent.set(n.id, parent);
      this.depth.set(n.id, depth);
      for (const c of n.children) walk(c, n, depth + 1);
    };
    for (const n of p.nodes) walk(n, undefined, 0);
  }

  expr(i: number): ExprIR {
    const e = this.p.exprs[i];
    if (!e) throw new Error(`diff: expression ${i} missing from ${this.p.file}`);
    return e;
  }

  /** The top-level item an item belongs to (itself for a top-level item). */
  section(id: string): NodeSpec {
    let n = this.byId.get(id)!;
    for (let p = this.parent.get(n.id); p; p = this.parent.get(p.id)) n = p;
    return n;
  }

  // ── names ──

  /** 第5项「执法能力提升」 / （一）「队伍建设」 / 第5项 (no title): as `rubric test` and `rubric explain` cite items. */
  itemName(n: NodeSpec): string {
    return itemName(n, n.id);
  }

  // ── types ──

  typeText(t: ValueSpec): string {
    switch (t.kind) {
      case 'num':
        return t.percent ? '百分比' : (t.unit ?? '数值');
      case 'bool':
        return '是否';
      case 'choice':
        return `选项${(t.options ?? []).map((o) => `“${o}”`).join('')}`;
      case 'date':
        return '日期';
      case 'text':
        return '文本';
      case 'subject':
        return '对象';
    }
  }

  /** A value of a type: 90% / 14件 / 0.5. */
  valueText(value: string, shown: Shown | undefined): string {
    if (shown?.percent) return `${num(Rational.of(value).mul(100))}%`;
    if (shown?.unit) return `${num(value)}${shown.unit}`;
    return num(value);
  }

  rangeText(i: InputSpec): string | undefined {
    if (!i.range) return undefined;
    const shown = this.shownOfType(i.type);
    if (shown?.percent) return `${this.valueText(i.range[0], shown)}-${this.valueText(i.range[1], shown)}`;
    return `${num(i.range[0])}-${num(i.range[1])}${shown?.unit ?? ''}`;
  }

  missingText(i: { missing?: number; missingText?: string }): string | undefined {
    if (i.missing === undefined) return undefined;
    return i.missingText ?? `按${this.exprText(this.expr(i.missing))}`;
  }

  /** 次（缺失时按0次） / 分（范围0-7分，缺失时按0分） / 是否. */
  inputText(i: InputSpec): string {
    const q: string[] = [];
    const range = this.rangeText(i);
    if (range) q.push(`范围${range}`);
    const missing = this.missingText(i);
    if (missing) q.push(`缺失时${missing}`);
    if (i.group) q.push('分组');
    return `${this.typeText(i.type)}${q.length ? `（${q.join('，')}）` : ''}`;
  }

  attrText(a: Program['events'][number]['attrs'][number]): string {
    const missing = this.missingText(a);
    return `${this.typeText(a.type)}${missing ? `（缺失时${missing}）` : ''}`;
  }

  /** 项；属性【文件级别】选项“国家级”“省级”“市级”；计入【主办人】、【协办人】减半 */
  eventText(e: Program['events'][number]): string {
    const parts = [e.unit ?? '件'];
    for (const a of e.attrs) if (!a.builtin) parts.push(`属性【${a.name}】${this.attrText(a)}`);
    if (e.charge.length) parts.push(this.chargeText(e));
    return parts.join('；');
  }

  chargeText(e: Program['events'][number]): string {
    if (!e.charge.length) return '按【对象】';
    return `计入${e.charge.map((c) => `【${c.attr}】${Rational.of(c.share).eq(1) ? '' : `按${num(c.share)}倍`}`).join('、')}`;
  }

  computedText(c: Program['computed'][number]): string {
    return `${this.typeText(c.type)} = ${this.exprText(this.expr(c.expr))}`;
  }

  private shownOfType(t: ValueSpec): Shown | undefined {
    if (t.kind !== 'num') return undefined;
    if (t.percent) return { percent: true };
    return t.unit ? { unit: t.unit } : undefined;
  }

  /** How numbers compared with this expression are shown. `event`: the kind whose attributes are in scope. */
  shown(e: ExprIR, event?: string): Shown | undefined {
    switch (e.op) {
      case 'input':
        return this.inputs.has(e.name) ? this.shownOfType(this.inputs.get(e.name)!.type) : undefined;
      case 'param':
        return this.params.has(e.name) ? this.shownOfType(this.params.get(e.name)!.type) : undefined;
      case 'computed':
        return this.computed.has(e.name) ? this.shownOfType(this.computed.get(e.name)!.type) : undefined;
      case 'count': {
        const u = this.events.get(e.event)?.unit;
        return u ? { unit: u } : undefined;
      }
      case 'attr': {
        const ev = event ? this.events.get(event) : undefined;
        const a = ev?.attrs.find((x) => x.name === e.name) ?? [...this.events.values()].flatMap((x) => x.attrs).find((x) => x.name === e.name);
        return a ? this.shownOfType(a.type) : undefined;
      }
      case 'node':
      case 'self-score':
      case 'self-points':
      case 'total':
        return { unit: '分' };
      case 'div': {
        const a = this.shown(e.a, event);
        const b = this.shown(e.b, event);
        if (a?.unit && b?.unit && a.unit === b.unit) return { percent: true };
        if (a?.unit && b?.unit) return { unit: `${a.unit}/${b.unit}` };
        return a?.percent && b === undefined ? a : undefined;
      }
      case 'add':
      case 'sub':
      case 'mul':
        return this.shown(e.a, event) ?? (e.op === 'mul' ? this.shown(e.b, event) : undefined);
      case 'neg':
        return this.shown(e.a, event);
      case 'pop':
        return this.shown(e.arg, event);
      case 'if':
        return this.shown(e.a, event) ?? this.shown(e.b, event);
      default:
        return undefined;
    }
  }

  // ── expressions ──

  exprText(e: ExprIR, event?: string, shown?: Shown): string {
    const sub = (x: ExprIR, parent: number, right = false, assoc = true) => {
      const t = this.exprText(x, event, shown);
      const p = prec(x);
      return p < parent || (right && p === parent && !assoc) ? `（${t}）` : t;
    };
    switch (e.op) {
      case 'num':
        return shown ? this.valueText(e.value, shown) : num(e.value);
      case 'bool':
        return e.value ? '是' : '否';
      case 'str':
        return `“${e.value}”`;
      case 'date':
        return dateText(e.value);
      case 'input':
      case 'param':
      case 'computed':
      case 'attr':
        return `【${e.name}】`;
      case 'node': {
        const n = this.byId.get(e.id);
        return n?.alias ? `【${n.alias}】` : `${n ? n.label : e.id}得分`;
      }
      case 'count':
        return e.filter === undefined ? `【${e.event}】` : `【${e.event}】中${this.condText(this.expr(e.filter), e.event)}的`;
      case 'add':
        return `${sub(e.a, 1)}+${sub(e.b, 1, true)}`;
      case 'sub':
        return `${sub(e.a, 1)}-${sub(e.b, 1, true, false)}`;
      case 'mul':
        return `${sub(e.a, 2)}×${sub(e.b, 2, true)}`;
      case 'div':
        return `${sub(e.a, 2)}÷${sub(e.b, 2, true, false)}`;
      case 'neg':
        return `-${sub(e.a, 3)}`;
      case 'if':
        return `若${this.condText(e.c, event)}，则${this.exprText(e.a, event, shown)}，否则${this.exprText(e.b, event, shown)}`;
      case 'pop': {
        const arg = this.exprText(e.arg, event);
        if (e.filter) return `${POP_WORD[e.fn]}（${arg}，仅${this.condText(e.filter, event)}的）`;
        return prec(e.arg) < 4 ? `${POP_WORD[e.fn]}（${arg}）` : `${POP_WORD[e.fn]}${arg}`;
      }
      case 'self-score':
        return '本项得分';
      case 'self-points':
        return '满分';
      case 'total':
        return '总分';
      case 'date-add':
        return `${this.exprText(e.date, event)}起${num(e.days)}${e.workdays ? '个工作日' : '天'}`;
      default:
        return this.condText(e, event);
    }
  }

  condText(e: ExprIR, event?: string): string {
    switch (e.op) {
      case 'cmp': {
        const shown = this.shown(e.a, event);
        const rights = e.b.map((r) => this.exprText(r, event, shown));
        return `${this.exprText(e.a, event)}${CMP_WORD[e.cmp]}${rights.join('、')}`;
      }
      case 'truthy':
        return this.exprText(e.a, event);
      case 'not': {
        const inner = this.condText(e.a, event);
        return e.a.op === 'truthy' ? `未${inner}` : `非（${inner}）`;
      }
      case 'and':
        return e.items.map((i) => (i.op === 'or' ? `（${this.condText(i, event)}）` : this.condText(i, event))).join('且');
      case 'or':
        return e.items.map((i) => this.condText(i, event)).join('或');
      default:
        return this.exprText(e, event);
    }
  }

  // ── amounts and forms ──

  /** 扣1分 / 得【领导赋分】 / 扣1分/件 (`per`: the unit counted). */
  amountText(sign: keyof typeof SIGN_WORD, value: number | string, per?: string, event?: string): string {
    const e: ExprIR = typeof value === 'string' ? { op: 'num', value } : this.expr(value);
    const body = e.op === 'num' ? `${num(e.value)}分` : this.exprText(e, event);
    return `${SIGN_WORD[sign]}${body}${per ? `/${per}` : ''}`;
  }

  rangeAmountText(sign: keyof typeof SIGN_WORD, range: [string, string], per?: string): string {
    return `视情${SIGN_WORD[sign]}${num(range[0])}-${num(range[1])}分${per ? `/${per}` : ''}`;
  }

  perOf(form: Extract<FormSpec, { kind: 'events' }>): string | undefined {
    return form.per ?? this.events.get(form.event)?.unit;
  }

  /** 每少5%（含不足5%） / 每多1件（不足1件不计） */
  stepText(form: Extract<FormSpec, { kind: 'step' }>): string {
    const shown: Shown = form.percent ? { percent: true } : form.unit ? { unit: form.unit } : {};
    const step = this.valueText(this.exprValue(form.step), shown);
    return `每${form.dir === 'less' ? '少' : '多'}${step}${form.partial === 'ceil' ? `（含不足${step}）` : `（不足${step}不计）`}`;
  }

  /** 【统一目录事项覆盖率】未达到40% */
  stepTargetText(form: Extract<FormSpec, { kind: 'step' }>): string {
    const shown: Shown = form.percent ? { percent: true } : form.unit ? { unit: form.unit } : {};
    return `${this.exprText(this.expr(form.quantity))}${form.words}${this.exprText(this.expr(form.target), undefined, shown)}`;
  }

  /** 第1-6名分别加1.2-0.2分 / 前3名分别加1分、0.6分、0.3分 / 第1名至末名分别得2-0.2分 */
  rankText(sign: keyof typeof SIGN_WORD, form: Extract<FormSpec, { kind: 'rank' }>, withOrder = false): string {
    const list = 'list' in form.amounts ? form.amounts.list : undefined;
    const places =
      form.to === undefined
        ? `第${form.from}名至末名`
        : list && form.from === 1
          ? `前${form.to}名`
          : form.from === form.to
            ? `第${form.from}名`
            : `第${form.from}-${form.to}名`;
    const amounts = list
      ? list.map((a) => `${num(a)}分`).join('、')
      : `${num((form.amounts as { from: string }).from)}-${num((form.amounts as { to: string }).to)}分`;
    const order = withOrder ? `${form.order === 'desc' ? '从高到低' : '从低到高'}，` : '';
    return `${order}${places}分别${SIGN_WORD[sign]}${amounts}`;
  }

  /** 按【x】从高到低（在【组】内） */
  rankBasisText(form: Extract<FormSpec, { kind: 'rank' }>): string {
    return `按${this.exprText(this.expr(form.metric))}${form.group ? `在【${form.group}】内` : ''}${form.order === 'desc' ? '从高到低' : '从低到高'}`;
  }

  tieText(t: TieSpec): string {
    if (t.kind === 'high') return '并列取高';
    if (t.kind === 'average') return '并列取平均';
    return `并列按${this.exprText(this.expr(t.metric))}${t.order === 'desc' ? '从高到低' : '从低到高'}`;
  }

  /** The value of an expression that is a plain number. */
  exprValue(i: number): string {
    const e = this.expr(i);
    return e.op === 'num' ? e.value : '0';
  }

  /** 限扣7分 / 扣完20分为止 / 限加3分 / 无 */
  capText(value: string | undefined, word: string | undefined, side: 'deduct' | 'add'): string {
    if (value === undefined) return '无';
    if (word === '扣完') return `扣完${num(value)}分为止`;
    if (word && (side === 'deduct' ? !word.includes('加') : !word.includes('扣'))) return `${word}${num(value)}分`;
    return `${side === 'deduct' ? '限扣' : '限加'}${num(value)}分`;
  }

  /** What an item is, in one line: （3分，赋分）：得【重点工作执法得分】 */
  nodeText(n: NodeSpec): string {
    const q: string[] = [];
    if (n.points !== undefined) q.push(`${num(n.points)}分`);
    if (!n.composite) q.push(modeWord(n.mode));
    if (n.capDeduct !== undefined) q.push(this.capText(n.capDeduct, n.capWord, 'deduct'));
    if (n.capAdd !== undefined) q.push(this.capText(n.capAdd, n.capWord, 'add'));
    if (n.floor !== undefined) q.push(`最低${num(n.floor)}分`);
    if (n.sameMatterMax) q.push('同一事项取最高');
    if (n.outsideTotal) q.push('不计入总分');
    const body: string[] = [];
    if (typeof n.criterion === 'number') body.push(this.condText(this.expr(n.criterion)));
    for (const r of n.rules) body.push(r.alternatives.map((c, i) => (i ? `否则${c.text}` : c.text)).join('；'));
    for (const o of n.overrides) body.push(o.text);
    for (const w of n.waivers) body.push(w.text);
    if (n.children.length) body.push(`下设${n.children.length}项`);
    return `${q.length ? `（${q.join('，')}）` : ''}${body.length ? `：${body.join('；')}` : ''}`;
  }
}
