/**
 * `diffPrograms(old, new)`: what changed in meaning between two versions of a rubric.
 *
 * Both sides are lowered Programs, so wording that means the same (不足 / 低于, 1.0 / 1, 每件扣1分 /
 * 扣1分/件, reflowed lines, comments, descriptions) is not a change. Items are paired by number
 * path and title, rules inside an item by position, form and similarity (see match.ts), and each
 * pair is compared field by field. What it reports is listed in model.ts (CHANGE_KINDS).
 *
 * Not compared: descriptions of declarations and the 说明 text, 依据 citations, item aliases
 * (a renamed alias changes nothing unless used, and uses are compared by the item they point
 * to), the order of declarations, and which items read an input.
 */
import type { ClauseSpec, FormSpec, GradeBandSpec, NodeSpec, Program, RuleSpec, TitleSpec } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';
import { clauseSimilarity, condDiff, exprEq, indexEq, type NodePairs } from './compare.js';
import { matchItems, matchRules, pairLists, type ItemMatching } from './match.js';
import { CHANGE_KINDS, type BoundsChange, type Change, type ChangeKind, type DiffResult, type Group } from './model.js';
import { DECL_WORD, dateText, modeWord, num, View, type DeclKind } from './view.js';

/** The least and greatest reachable score of a level; `undefined`: unbounded. */
export interface Range {
  min: Rational | undefined;
  max: Rational | undefined;
}

/** What a bounds analysis gives (src/analysis/bounds.ts: `analyzeBounds`). */
export interface Bounds {
  node(id: string): Range | undefined;
  total: Range;
}

export type BoundsAnalyzer = (program: Program) => Bounds;

export interface DiffOptions {
  /** When given, the report shows how each level's reachable scores and the total moved. */
  bounds?: BoundsAnalyzer;
}

const KIND_ORDER = new Map<ChangeKind, number>(CHANGE_KINDS.map((k, i) => [k, i]));

/** A change with where it sorts: group, item position, rule position, part position, kind. */
interface Keyed {
  change: Change;
  key: number[];
}

function numEq(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Rational.of(a).eq(Rational.of(b));
}

/** Positions for a merged order: new elements at their index, old-only ones just after the match of the one before them. */
function mergedPositions<T>(olds: readonly T[], pairOf: (i: number) => number | undefined): number[] {
  const out: number[] = [];
  let last = -1;
  let extra = 0;
  for (let i = 0; i < olds.length; i++) {
    const j = pairOf(i);
    if (j !== undefined) {
      last = j;
      extra = 0;
      out.push(j);
    } else {
      extra++;
      out.push(last + 0.5 + extra * 1e-4);
    }
  }
  return out;
}

function posText(rule: number, alt: number | undefined, alts: number): string {
  return alts > 1 && alt !== undefined ? `${rule + 1}.${alt + 1}` : `${rule + 1}`;
}

class Differ {
  readonly ov: View;
  readonly nv: View;
  readonly items: ItemMatching;
  readonly out: Keyed[] = [];
  readonly ambiguities: DiffResult['ambiguities'] = [];
  /** Old item id → its position in the merged order (new index, or just after its predecessor's match). */
  private oldPos = new Map<string, number>();
  private groups = new Map<string, { label: string; key: number }>();

  constructor(
    readonly op: Program,
    readonly np: Program,
  ) {
    this.ov = new View(op);
    this.nv = new View(np);
    this.items = matchItems(this.ov, this.nv);
    const pos = mergedPositions(this.ov.order, (i) => {
      const m = this.items.pairs.get(this.ov.order[i]!.id);
      return m === undefined ? undefined : this.nv.index.get(m);
    });
    this.ov.order.forEach((n, i) => this.oldPos.set(n.id, pos[i]!));
  }

  get nodes(): NodePairs {
    return this.items.pairs;
  }

  private push(change: Change, key: number[]): void {
    this.out.push({ change, key });
  }

  // ── groups ──

  /** The group of an item: its section on the new side, else (removed) the old section's match or the old section. */
  private itemGroup(o: NodeSpec | undefined, n: NodeSpec | undefined): { id: string; key: number } {
    if (n) {
      const s = this.nv.section(n.id);
      return this.group(s.id, this.nv.itemName(s), this.nv.index.get(s.id)!);
    }
    const s = this.ov.section(o!.id);
    const m = this.items.pairs.get(s.id);
    if (m !== undefined) {
      const ns = this.nv.byId.get(m)!;
      return this.group(ns.id, this.nv.itemName(ns), this.nv.index.get(ns.id)!);
    }
    return this.group(`原${s.id}`, `${this.ov.itemName(s)}（已删除）`, this.oldPos.get(s.id)!);
  }

  private group(id: string, label: string, key: number): { id: string; key: number } {
    if (!this.groups.has(id)) this.groups.set(id, { label, key });
    return { id, key };
  }

  private blockGroup(id: string, key: number): { id: string; key: number } {
    return this.group(id, id, key);
  }

  // ── items ──

  private itemLabel(o: NodeSpec | undefined, n: NodeSpec | undefined): string {
    if (!n) return this.ov.itemName(o!);
    if (o && o.number !== n.number) return `${n.label}（原${o.label}）${n.title ? `「${n.title}」` : ''}`;
    return this.nv.itemName(n);
  }

  private itemChange(
    kind: ChangeKind,
    o: NodeSpec | undefined,
    n: NodeSpec | undefined,
    values: { old?: string; new?: string; subject?: string },
    extra: number[] = [],
  ): void {
    const g = this.itemGroup(o, n);
    const pos = n ? this.nv.index.get(n.id)! : this.oldPos.get(o!.id)!;
    this.push(
      {
        kind,
        group: g.id,
        item: { ...(o ? { old: o.id } : {}), ...(n ? { new: n.id } : {}) },
        label: this.itemLabel(o, n),
        ...(values.subject !== undefined ? { subject: values.subject } : {}),
        ...(values.old !== undefined ? { old: values.old } : {}),
        ...(values.new !== undefined ? { new: values.new } : {}),
        line: { ...(o ? { old: o.line } : {}), ...(n ? { new: n.line } : {}) },
      },
      [1, g.key, pos, -1, 0, 0, KIND_ORDER.get(kind)!, ...extra],
    );
  }

  itemChanges(): void {
    const { ov, nv } = this;
    for (const o of ov.order) {
      if (this.items.pairs.has(o.id)) continue;
      // Removed: report the topmost removed item only, its children go with it.
      const p = ov.parent.get(o.id);
      if (p && !this.items.pairs.has(p.id)) continue;
      this.itemChange('item.removed', o, undefined, { old: ov.nodeText(o) });
      if (o.points !== undefined) this.out[this.out.length - 1]!.change.points = o.points;
    }
    for (const n of nv.order) {
      const oid = this.items.reverse.get(n.id);
      if (oid === undefined) {
        const p = nv.parent.get(n.id);
        if (p && !this.items.reverse.has(p.id)) continue;
        this.itemChange('item.added', undefined, n, { new: nv.nodeText(n) });
        if (n.points !== undefined) this.out[this.out.length - 1]!.change.points = n.points;
        continue;
      }
      this.node(ov.byId.get(oid)!, n);
    }
  }

  private node(o: NodeSpec, n: NodeSpec): void {
    const { ov, nv } = this;
    const ch = (kind: ChangeKind, old: string | undefined, nw: string | undefined, subject?: string) =>
      this.itemChange(kind, o, n, { ...(old !== undefined ? { old } : {}), ...(nw !== undefined ? { new: nw } : {}), ...(subject ? { subject } : {}) });
    if (o.number !== n.number) ch('item.renumbered', o.label, n.label);
    const op = ov.parent.get(o.id);
    const np = nv.parent.get(n.id);
    if ((op ? this.items.pairs.get(op.id) : undefined) !== np?.id) ch('item.moved', op ? ov.itemName(op) : '（顶层）', np ? nv.itemName(np) : '（顶层）');
    if ((o.title ?? '').replace(/\s+/g, '') !== (n.title ?? '').replace(/\s+/g, '')) ch('item.retitled', o.title ?? '（无标题）', n.title ?? '（无标题）');
    if (!numEq(o.points, n.points))
      ch('item.points', o.points !== undefined ? `${num(o.points)}分` : '未设分值', n.points !== undefined ? `${num(n.points)}分` : '未设分值');
    if (o.mode !== n.mode && !(o.composite && n.composite)) ch('item.mode', modeWord(o.mode), modeWord(n.mode));
    if (o.composite !== n.composite) ch('item.structure', o.composite ? '合计下级得分' : '本项计分', n.composite ? '合计下级得分' : '本项计分');
    this.criterion(o, n, ch);
    if (!numEq(o.capDeduct, n.capDeduct)) ch('item.cap', ov.capText(o.capDeduct, o.capWord, 'deduct'), nv.capText(n.capDeduct, n.capWord, 'deduct'));
    if (!numEq(o.capAdd, n.capAdd)) ch('item.cap', ov.capText(o.capAdd, o.capWord, 'add'), nv.capText(n.capAdd, n.capWord, 'add'));
    this.floor(o, n, ch);
    this.overrides(o, n, ch);
    const yes = (b: boolean) => (b ? '是' : '否');
    if (o.sameMatterMax !== n.sameMatterMax) ch('item.other', yes(o.sameMatterMax), yes(n.sameMatterMax), '同一事项取最高');
    if (o.outsideTotal !== n.outsideTotal) ch('item.other', yes(o.outsideTotal), yes(n.outsideTotal), '不计入总分');
    const round = (r: NodeSpec['round']) => (r ? `保留${r.places}位小数（${ROUND_WORD[r.mode]}）` : '不取舍');
    if (round(o.round) !== round(n.round)) ch('item.other', round(o.round), round(n.round), '保留小数');
    const period = (p: NodeSpec['period']) => (p ? `${dateText(p.from)}至${dateText(p.to)}` : '同上级');
    if (period(o.period) !== period(n.period)) ch('item.other', period(o.period), period(n.period), '期间');
    this.rules(o, n);
  }

  private criterion(o: NodeSpec, n: NodeSpec, ch: (k: ChangeKind, a: string | undefined, b: string | undefined) => void): void {
    const text = (v: View, c: NodeSpec['criterion']) => (c === undefined ? undefined : c === 'checklist' ? '按数据中的达标情况' : v.condText(v.expr(c)));
    const a = o.criterion;
    const b = n.criterion;
    const same = a === undefined || b === undefined || a === 'checklist' || b === 'checklist' ? a === b : indexEq(a, this.ov, b, this.nv, this.nodes);
    if (!same) ch('item.criterion', text(this.ov, a), text(this.nv, b));
  }

  private floor(o: NodeSpec, n: NodeSpec, ch: (k: ChangeKind, a: string | undefined, b: string | undefined) => void): void {
    const pool = (x: NodeSpec) => x.mode === 'deduct' && !x.composite;
    const both = pool(o) && pool(n);
    const a = both ? (o.floor ?? '0') : o.floor;
    const b = both ? (n.floor ?? '0') : n.floor;
    if (numEq(a, b)) return;
    const text = (x: NodeSpec) => (x.floor !== undefined ? `最低${num(x.floor)}分` : pool(x) ? '未写（按0分）' : '无');
    ch('item.floor', text(o), text(n));
  }

  private overrides(o: NodeSpec, n: NodeSpec, ch: (k: ChangeKind, a: string | undefined, b: string | undefined) => void): void {
    const { ov, nv, nodes } = this;
    const ovEq =
      o.overrides.length === n.overrides.length &&
      o.overrides.every((x, i) => {
        const y = n.overrides[i]!;
        return indexEq(x.when, ov, y.when, nv, nodes) && indexEq(x.value, ov, y.value, nv, nodes);
      });
    if (!ovEq) ch('item.override', o.overrides.map((x) => x.text).join('；') || undefined, n.overrides.map((x) => x.text).join('；') || undefined);
    const wEq =
      o.waivers.length === n.waivers.length &&
      o.waivers.every((x, i) => {
        const y = n.waivers[i]!;
        return x.sign === y.sign && indexEq(x.when, ov, y.when, nv, nodes);
      });
    if (!wEq) ch('item.waiver', o.waivers.map((x) => x.text).join('；') || undefined, n.waivers.map((x) => x.text).join('；') || undefined);
  }

  // ── rules ──

  private rules(o: NodeSpec, n: NodeSpec): void {
    const m = matchRules(o.rules, this.ov, n.rules, this.nv);
    const rulePos = mergedPositions(o.rules, (i) => m.pairs.find(([a]) => a === i)?.[1]);
    for (const t of m.ties) {
      this.ambiguities.push({
        what: 'rule',
        old: `${o.id}#${t.old + 1}`,
        new: `${n.id}#${t.new + 1}`,
        candidates: t.rivals.map((j) => `${n.id}#${j + 1}`),
        note: `${this.nv.itemName(n)}：原第${t.old + 1}条与新第${t.new + 1}条对应，但新第${t.rivals.map((j) => j + 1).join('、')}条同样相符`,
      });
    }
    for (const [i, j] of m.pairs) this.rule(o, n, o.rules[i]!, n.rules[j]!, i, j);
    for (const i of m.removed) {
      const r = o.rules[i]!;
      this.ruleChange('rule.removed', o, n, { old: posText(i, undefined, 1) }, { old: ruleText(r) }, { old: r.alternatives[0]!.line }, [rulePos[i]!, 0, 0]);
    }
    for (const j of m.added) {
      const r = n.rules[j]!;
      this.ruleChange('rule.added', o, n, { new: posText(j, undefined, 1) }, { new: ruleText(r) }, { new: r.alternatives[0]!.line }, [j, 0, 0]);
    }
  }

  private ruleChange(
    kind: ChangeKind,
    o: NodeSpec,
    n: NodeSpec,
    rule: { old?: string; new?: string },
    values: { old?: string; new?: string; subject?: string },
    line: { old?: number; new?: number },
    key: number[],
  ): void {
    const g = this.itemGroup(o, n);
    this.push(
      {
        kind,
        group: g.id,
        item: { old: o.id, new: n.id },
        label: this.itemLabel(o, n),
        rule,
        ...(values.subject !== undefined ? { subject: values.subject } : {}),
        ...(values.old !== undefined ? { old: values.old } : {}),
        ...(values.new !== undefined ? { new: values.new } : {}),
        line,
      },
      [1, g.key, this.nv.index.get(n.id)!, ...key.slice(0, 3), KIND_ORDER.get(kind)!],
    );
  }

  private rule(o: NodeSpec, n: NodeSpec, a: RuleSpec, b: RuleSpec, i: number, j: number): void {
    if (a.alternatives.length === 1 && b.alternatives.length === 1) {
      this.clause(o, n, a.alternatives[0]!, b.alternatives[0]!, { old: posText(i, 0, 1), new: posText(j, 0, 1) }, j, 0);
      return;
    }
    const m = pairLists(a.alternatives, b.alternatives, (x, y) => clauseSimilarity(x, this.ov, y, this.nv), {
      compatible: (x, y) => x.form.kind === y.form.kind,
      positional: 0.5,
      min: 0.5,
      loose: 0.6,
    });
    const altPos = mergedPositions(a.alternatives, (k) => m.pairs.find(([x]) => x === k)?.[1]);
    for (const [k, l] of m.pairs) {
      this.clause(o, n, a.alternatives[k]!, b.alternatives[l]!, { old: posText(i, k, a.alternatives.length), new: posText(j, l, b.alternatives.length) }, j, l);
    }
    for (const k of m.removed) {
      const c = a.alternatives[k]!;
      this.ruleChange('rule.removed', o, n, { old: posText(i, k, a.alternatives.length) }, { old: c.text }, { old: c.line }, [j, altPos[k]!, 0]);
    }
    for (const l of m.added) {
      const c = b.alternatives[l]!;
      this.ruleChange('rule.added', o, n, { new: posText(j, l, b.alternatives.length) }, { new: c.text }, { new: c.line }, [j, l, 0]);
    }
  }

  private clause(o: NodeSpec, n: NodeSpec, c: ClauseSpec, d: ClauseSpec, pos: { old: string; new: string }, j: number, l: number): void {
    const { ov, nv, nodes } = this;
    const line = { old: c.line, new: d.line };
    const ch = (kind: ChangeKind, old: string | undefined, nw: string | undefined, subject?: string, part = 0) =>
      this.ruleChange(
        kind,
        o,
        n,
        pos,
        { ...(old !== undefined ? { old } : {}), ...(nw !== undefined ? { new: nw } : {}), ...(subject ? { subject } : {}) },
        line,
        [j, l, part],
      );
    const f = c.form;
    const g = d.form;
    if (f.kind !== g.kind) {
      ch('rule.form', c.text, d.text);
      return;
    }
    if (c.sign !== d.sign) ch('rule.sign', SIGN_NAME[c.sign], SIGN_NAME[d.sign]);
    // The condition (for a step rule it is the threshold the steps count from).
    if (c.when === undefined || d.when === undefined) {
      if (c.when !== d.when)
        ch('rule.condition', c.when === undefined ? '无条件' : ov.condText(ov.expr(c.when)), d.when === undefined ? '无条件' : nv.condText(nv.expr(d.when)));
    } else {
      const cd = condDiff(ov.expr(c.when), ov, nv.expr(d.when), nv, nodes);
      if (cd.kind === 'thresholds') {
        if (f.kind === 'step' && g.kind === 'step') ch('rule.threshold', ov.stepTargetText(f), nv.stepTargetText(g));
        else for (const [x, y] of cd.pairs) ch('rule.threshold', ov.condText(x), nv.condText(y));
      } else if (cd.kind === 'other') {
        ch('rule.condition', ov.condText(ov.expr(c.when)), nv.condText(nv.expr(d.when)));
      }
    }
    this.form(f, g, c, d, ch);
    const side = c.sign === 'add' ? 'add' : 'deduct';
    if (!numEq(c.cap, d.cap)) ch('rule.cap', ov.capText(c.cap, c.capWord, side), nv.capText(d.cap, d.capWord, d.sign === 'add' ? 'add' : 'deduct'));
    const ev = (x: FormSpec) => (x.kind === 'events' ? x.event : undefined);
    const exEq = c.exempt.length === d.exempt.length && c.exempt.every((x, k) => exprEq(ov.expr(x.when), ov, nv.expr(d.exempt[k]!.when), nv, nodes));
    if (!exEq) {
      const text = (v: View, cl: ClauseSpec) =>
        cl.exempt.map((x) => `${v.condText(v.expr(x.when), ev(cl.form))}的，不${cl.sign === 'add' ? '加' : '扣'}分`).join('；') || undefined;
      ch('rule.exempt', text(ov, c), text(nv, d));
    }
    if (c.quarterly !== d.quarterly) ch('rule.other', c.quarterly ? '是' : '否', d.quarterly ? '是' : '否', '按季累计');
  }

  private form(
    f: FormSpec,
    g: FormSpec,
    c: ClauseSpec,
    d: ClauseSpec,
    ch: (kind: ChangeKind, old: string | undefined, nw: string | undefined, subject?: string, part?: number) => void,
  ): void {
    const { ov, nv, nodes } = this;
    const same = (i: number | undefined, j: number | undefined) => indexEq(i, ov, j, nv, nodes);
    switch (f.kind) {
      case 'flat':
      case 'judged': {
        const h = g as typeof f;
        const w = f.kind === 'judged' ? '酌情' : '';
        if (!same(f.value, h.value)) ch('rule.amount', w + ov.amountText(c.sign, f.value), w + nv.amountText(d.sign, h.value));
        return;
      }
      case 'quantity': {
        const h = g as typeof f;
        if (!same(f.quantity, h.quantity)) ch('rule.subject', ov.exprText(ov.expr(f.quantity)), nv.exprText(nv.expr(h.quantity)));
        if (!same(f.rate, h.rate) || f.per !== h.per) ch('rule.amount', ov.amountText(c.sign, f.rate, f.per), nv.amountText(d.sign, h.rate, h.per));
        return;
      }
      case 'events': {
        const h = g as typeof f;
        const pf = ov.perOf(f);
        const ph = nv.perOf(h);
        if (f.event !== h.event) ch('rule.subject', `【${f.event}】`, `【${h.event}】`);
        if (f.filter !== undefined || h.filter !== undefined) {
          const filterText = (v: View, x: typeof f) =>
            x.filter === undefined ? `【${x.event}】全部` : `【${x.event}】中${v.condText(v.expr(x.filter), x.event)}的`;
          if (f.filter === undefined || h.filter === undefined) ch('rule.condition', filterText(ov, f), filterText(nv, h));
          else {
            const cd = condDiff(ov.expr(f.filter), ov, nv.expr(h.filter), nv, nodes);
            if (cd.kind === 'thresholds') for (const [x, y] of cd.pairs) ch('rule.threshold', ov.condText(x, f.event), nv.condText(y, h.event));
            else if (cd.kind === 'other') ch('rule.condition', filterText(ov, f), filterText(nv, h));
          }
        }
        const rate = (v: View, x: typeof f, sign: ClauseSpec['sign'], per: string | undefined) =>
          x.rate !== undefined ? v.amountText(sign, x.rate, per, x.event) : x.discretionary ? v.rangeAmountText(sign, x.discretionary, per) : undefined;
        const rateSame = same(f.rate, h.rate) && numEq(f.discretionary?.[0], h.discretionary?.[0]) && numEq(f.discretionary?.[1], h.discretionary?.[1]);
        if (!rateSame || (pf !== ph && (f.rate !== undefined || h.rate !== undefined))) ch('rule.amount', rate(ov, f, c.sign, pf), rate(nv, h, d.sign, ph));
        if (!numEq(f.floorEach, h.floorEach))
          ch('rule.floor', f.floorEach !== undefined ? `最低${num(f.floorEach)}分` : '无', h.floorEach !== undefined ? `最低${num(h.floorEach)}分` : '无');
        this.tiers(f, h, c, d, pf, ph, ch);
        this.multipliers(f, h, ch);
        return;
      }
      case 'step': {
        const h = g as typeof f;
        if (!same(f.quantity, h.quantity)) ch('rule.subject', ov.exprText(ov.expr(f.quantity)), nv.exprText(nv.expr(h.quantity)));
        if (!same(f.step, h.step) || f.dir !== h.dir || f.partial !== h.partial) ch('rule.step', ov.stepText(f), nv.stepText(h));
        if (!numEq(f.amount, h.amount)) ch('rule.amount', ov.amountText(c.sign, f.amount), nv.amountText(d.sign, h.amount));
        return;
      }
      case 'rank': {
        const h = g as typeof f;
        if (!same(f.metric, h.metric) || f.group !== h.group) ch('rule.rank', ov.rankBasisText(f), nv.rankBasisText(h), '排名依据');
        const listA = 'list' in f.amounts ? f.amounts.list : [f.amounts.from, f.amounts.to];
        const listB = 'list' in h.amounts ? h.amounts.list : [h.amounts.from, h.amounts.to];
        const tableSame =
          f.from === h.from &&
          f.to === h.to &&
          'list' in f.amounts === 'list' in h.amounts &&
          listA.length === listB.length &&
          listA.every((x, k) => numEq(x, listB[k]));
        const orderChanged = f.order !== h.order && same(f.metric, h.metric) && f.group === h.group;
        if (!tableSame || orderChanged) ch('rule.rank', ov.rankText(c.sign, f, orderChanged), nv.rankText(d.sign, h, orderChanged));
        const tieSame =
          f.tie.kind === h.tie.kind && (f.tie.kind !== 'by' || (h.tie.kind === 'by' && f.tie.order === h.tie.order && same(f.tie.metric, h.tie.metric)));
        if (!tieSame) ch('rule.rank', ov.tieText(f.tie), nv.tieText(h.tie), '并列');
        return;
      }
    }
  }

  private tiers(
    f: Extract<FormSpec, { kind: 'events' }>,
    h: Extract<FormSpec, { kind: 'events' }>,
    c: ClauseSpec,
    d: ClauseSpec,
    pf: string | undefined,
    ph: string | undefined,
    ch: (kind: ChangeKind, old: string | undefined, nw: string | undefined, subject?: string, part?: number) => void,
  ): void {
    const { ov, nv, nodes } = this;
    const m = pairLists(f.tiers, h.tiers, (x, y) => (exprEq(ov.expr(x.when), ov, nv.expr(y.when), nv, nodes) ? 1 : x.label === y.label ? 0.9 : 0), {
      positional: 1,
      min: 0.9,
    });
    const amount = (v: View, t: (typeof f.tiers)[number], sign: ClauseSpec['sign'], per: string | undefined, event: string) =>
      t.rate !== undefined ? v.amountText(sign, t.rate, per, event) : t.discretionary ? v.rangeAmountText(sign, t.discretionary, per) : '—';
    const pos = mergedPositions(f.tiers, (k) => m.pairs.find(([x]) => x === k)?.[1]);
    for (const [k, l] of m.pairs) {
      const x = f.tiers[k]!;
      const y = h.tiers[l]!;
      const a = amount(ov, x, c.sign, pf, f.event);
      const b = amount(nv, y, d.sign, ph, h.event);
      const same =
        indexEq(x.rate, ov, y.rate, nv, nodes) && numEq(x.discretionary?.[0], y.discretionary?.[0]) && numEq(x.discretionary?.[1], y.discretionary?.[1]);
      // a change of sign alone is reported once for the rule (rule.sign), not per tier
      if (!same || pf !== ph) ch('rule.tier-amount', a, b, y.label, 1 + l);
    }
    for (const k of m.removed) ch('rule.tier-removed', amount(ov, f.tiers[k]!, c.sign, pf, f.event), undefined, f.tiers[k]!.label, 1 + pos[k]!);
    for (const l of m.added) ch('rule.tier-added', undefined, amount(nv, h.tiers[l]!, d.sign, ph, h.event), h.tiers[l]!.label, 1 + l);
  }

  private multipliers(
    f: Extract<FormSpec, { kind: 'events' }>,
    h: Extract<FormSpec, { kind: 'events' }>,
    ch: (kind: ChangeKind, old: string | undefined, nw: string | undefined, subject?: string, part?: number) => void,
  ): void {
    const { ov, nv, nodes } = this;
    const m = pairLists(f.multipliers, h.multipliers, (x, y) => (exprEq(ov.expr(x.when), ov, nv.expr(y.when), nv, nodes) ? 1 : x.label === y.label ? 0.9 : 0), {
      positional: 1,
      min: 0.9,
    });
    const text = (x: (typeof f.multipliers)[number]) => x.word || `按${num(x.factor)}倍`;
    const pos = mergedPositions(f.multipliers, (k) => m.pairs.find(([x]) => x === k)?.[1]);
    const base = 1 + f.tiers.length + h.tiers.length;
    for (const [k, l] of m.pairs) {
      if (!numEq(f.multipliers[k]!.factor, h.multipliers[l]!.factor))
        ch('rule.multiplier-factor', text(f.multipliers[k]!), text(h.multipliers[l]!), h.multipliers[l]!.label, base + l);
    }
    for (const k of m.removed) ch('rule.multiplier-removed', text(f.multipliers[k]!), undefined, f.multipliers[k]!.label, base + pos[k]!);
    for (const l of m.added) ch('rule.multiplier-added', undefined, text(h.multipliers[l]!), h.multipliers[l]!.label, base + l);
  }

  // ── the rubric as a whole ──

  header(): void {
    const { op, np } = this;
    const g = this.blockGroup('总体', -1);
    let k = 0;
    const ch = (kind: ChangeKind, old: string | undefined, nw: string | undefined) =>
      this.push({ kind, group: g.id, ...(old !== undefined ? { old } : {}), ...(nw !== undefined ? { new: nw } : {}), line: {} }, [0, 0, k++]);
    if (op.title !== np.title) ch('header.title', op.title, np.title);
    if (!numEq(op.total, np.total))
      ch('header.total', op.total !== undefined ? `${num(op.total)}分` : '未写', np.total !== undefined ? `${num(np.total)}分` : '未写');
    const period = (p: Program['period']) => (p ? `${dateText(p.from)}至${dateText(p.to)}` : '未写');
    if (period(op.period) !== period(np.period)) ch('header.period', period(op.period), period(np.period));
    const round = (r: Program['round']) => (r ? `保留${r.places}位小数（${ROUND_WORD[r.mode]}）` : '不取舍');
    if (round(op.round) !== round(np.round)) ch('header.round', round(op.round), round(np.round));
  }

  // ── declarations ──

  declarations(): void {
    const { ov, nv, nodes } = this;
    type D = { kind: DeclKind; name: string; line: number; v: View; spec: unknown };
    const list = (v: View, p: Program): D[] => [
      ...p.inputs.map((s) => ({ kind: 'input' as const, name: s.name, line: s.line, v, spec: s })),
      ...p.params.map((s) => ({ kind: 'param' as const, name: s.name, line: s.line, v, spec: s })),
      ...p.events.map((s) => ({ kind: 'event' as const, name: s.name, line: s.line, v, spec: s })),
      ...p.computed.map((s) => ({ kind: 'computed' as const, name: s.name, line: s.line, v, spec: s })),
    ];
    const olds = list(ov, this.op);
    const news = list(nv, this.np);
    const newIndex = new Map(news.map((d, i) => [d.name, i]));
    const pos = mergedPositions(olds, (i) => newIndex.get(olds[i]!.name));
    const g = this.blockGroup('声明', 1e9);
    const push = (kind: ChangeKind, subject: string, old: string | undefined, nw: string | undefined, line: Change['line'], key: number, part = 0) =>
      this.push({ kind, group: g.id, subject, ...(old !== undefined ? { old } : {}), ...(nw !== undefined ? { new: nw } : {}), line }, [
        2,
        0,
        key,
        part,
        KIND_ORDER.get(kind)!,
      ]);
    const text = (d: D): string => {
      const s = d.spec as never;
      return d.kind === 'event' ? d.v.eventText(s) : d.kind === 'computed' ? d.v.computedText(s) : d.v.inputText(s);
    };
    const subject = (d: D) => `${DECL_WORD[d.kind]}【${d.name}】`;
    olds.forEach((d, i) => {
      if (!newIndex.has(d.name)) push('decl.removed', subject(d), text(d), undefined, { old: d.line }, pos[i]!);
    });
    news.forEach((n, j) => {
      const oi = olds.findIndex((x) => x.name === n.name);
      if (oi < 0) {
        push('decl.added', subject(n), undefined, text(n), { new: n.line }, j);
        return;
      }
      const o = olds[oi]!;
      const line = { old: o.line, new: n.line };
      const ch = (kind: ChangeKind, a: string | undefined, b: string | undefined, subj = subject(n), part = 0) => push(kind, subj, a, b, line, j, part);
      if (o.kind !== n.kind) {
        ch('decl.kind', DECL_WORD[o.kind], DECL_WORD[n.kind]);
        if (!((o.kind === 'input' || o.kind === 'param') && (n.kind === 'input' || n.kind === 'param'))) return;
      }
      if (n.kind === 'input' || n.kind === 'param') {
        const a = o.spec as Program['inputs'][number];
        const b = n.spec as Program['inputs'][number];
        if (ov.typeText(a.type) !== nv.typeText(b.type)) ch('decl.type', ov.typeText(a.type), nv.typeText(b.type));
        const ra = a.range;
        const rb = b.range;
        if (!(numEq(ra?.[0], rb?.[0]) && numEq(ra?.[1], rb?.[1])) || ov.rangeText(a) !== nv.rangeText(b))
          ch('decl.range', ov.rangeText(a) ?? '无', nv.rangeText(b) ?? '无');
        if (!indexEq(a.missing, ov, b.missing, nv, nodes)) ch('decl.missing', ov.missingText(a) ?? '无（缺失即报错）', nv.missingText(b) ?? '无（缺失即报错）');
        if (!!a.group !== !!b.group) ch('decl.group', a.group ? '分组' : '不分组', b.group ? '分组' : '不分组');
      } else if (n.kind === 'event') {
        const a = o.spec as Program['events'][number];
        const b = n.spec as Program['events'][number];
        if ((a.unit ?? '') !== (b.unit ?? '')) ch('decl.type', a.unit ?? '未写', b.unit ?? '未写');
        const aa = a.attrs.filter((x) => !x.builtin);
        const ba = b.attrs.filter((x) => !x.builtin);
        const apos = mergedPositions(aa, (k) => {
          const l = ba.findIndex((y) => y.name === aa[k]!.name);
          return l < 0 ? undefined : l;
        });
        aa.forEach((x, k) => {
          if (!ba.some((y) => y.name === x.name)) ch('decl.removed', ov.attrText(x), undefined, `${subject(n)}属性【${x.name}】`, 1 + apos[k]!);
        });
        ba.forEach((y, l) => {
          const x = aa.find((z) => z.name === y.name);
          const subj = `${subject(n)}属性【${y.name}】`;
          if (!x) {
            ch('decl.added', undefined, nv.attrText(y), subj, 1 + l);
            return;
          }
          if (ov.typeText(x.type) !== nv.typeText(y.type)) ch('decl.type', ov.typeText(x.type), nv.typeText(y.type), subj, 1 + l);
          if (!indexEq(x.missing, ov, y.missing, nv, nodes)) ch('decl.missing', ov.missingText(x) ?? '无', nv.missingText(y) ?? '无', subj, 1 + l);
        });
        const chargeSame = a.charge.length === b.charge.length && a.charge.every((x, k) => x.attr === b.charge[k]!.attr && numEq(x.share, b.charge[k]!.share));
        if (!chargeSame) ch('decl.charge', ov.chargeText(a), nv.chargeText(b), subject(n), 1e6);
      } else {
        const a = o.spec as Program['computed'][number];
        const b = n.spec as Program['computed'][number];
        if (ov.typeText(a.type) !== nv.typeText(b.type)) ch('decl.type', ov.typeText(a.type), nv.typeText(b.type));
        if (!indexEq(a.expr, ov, b.expr, nv, nodes)) ch('decl.expr', ov.exprText(ov.expr(a.expr)), nv.exprText(nv.expr(b.expr)));
      }
    });
  }

  // ── outcomes ──

  outcomes(): void {
    const { ov, nv, nodes, op, np } = this;
    const g = this.blockGroup('等次与否优', 2e9);
    const push = (kind: ChangeKind, subject: string, old: string | undefined, nw: string | undefined, line: Change['line'], key: number[]) =>
      this.push({ kind, group: g.id, subject, ...(old !== undefined ? { old } : {}), ...(nw !== undefined ? { new: nw } : {}), line }, [
        3,
        ...key,
        KIND_ORDER.get(kind)!,
      ]);
    // grade bands
    const ob = op.grades?.bands ?? [];
    const nb = np.grades?.bands ?? [];
    const bpos = mergedPositions(ob, (i) => {
      const j = nb.findIndex((b) => b.label === ob[i]!.label);
      return j < 0 ? undefined : j;
    });
    ob.forEach((b, i) => {
      if (!nb.some((x) => x.label === b.label)) push('grade.removed', `等次“${b.label}”`, bandText(b), undefined, { old: b.line }, [0, bpos[i]!]);
    });
    nb.forEach((b, j) => {
      const a = ob.find((x) => x.label === b.label);
      const subject = `等次“${b.label}”`;
      if (!a) {
        push('grade.added', subject, undefined, bandText(b), { new: b.line }, [0, j]);
        return;
      }
      const line = { old: a.line, new: b.line };
      if (bandText(a) !== bandText(b) || !numEq(a.lo?.value, b.lo?.value) || !numEq(a.hi?.value, b.hi?.value))
        push('grade.band', subject, bandText(a), bandText(b), line, [0, j]);
      const q = (v: View, x: GradeBandSpec) =>
        x.quota ? `限${x.quota.count}名${x.quota.tie && x.quota.tie.kind !== 'high' ? `，${v.tieText(x.quota.tie)}` : ''}` : '不限';
      if (q(ov, a) !== q(nv, b)) push('grade.quota', subject, q(ov, a), q(nv, b), line, [0, j]);
      const to = (x: string | undefined) => (x ? `“${x}”` : '未写');
      if (a.outsideQuota !== b.outsideQuota) push('grade.outside-quota', subject, to(a.outsideQuota), to(b.outsideQuota), line, [0, j]);
      if (a.vetoTo !== b.vetoTo) push('grade.veto-to', subject, to(a.vetoTo), to(b.vetoTo), line, [0, j]);
    });
    // veto
    const vm = pairLists(
      op.veto,
      np.veto,
      (x, y) => {
        const d = condDiff(ov.expr(x.when), ov, nv.expr(y.when), nv, nodes);
        return d.kind === 'same' ? 1 : d.kind === 'thresholds' ? 0.9 : 0;
      },
      { positional: 1, min: 0.9 },
    );
    const vpos = mergedPositions(op.veto, (i) => vm.pairs.find(([a]) => a === i)?.[1]);
    for (const [i, j] of vm.pairs) {
      const a = op.veto[i]!;
      const b = np.veto[j]!;
      if (!exprEq(ov.expr(a.when), ov, nv.expr(b.when), nv, nodes)) push('veto.changed', '否优', a.text, b.text, { old: a.line, new: b.line }, [1, j]);
    }
    for (const i of vm.removed) push('veto.removed', '否优', op.veto[i]!.text, undefined, { old: op.veto[i]!.line }, [1, vpos[i]!]);
    for (const j of vm.added) push('veto.added', '否优', undefined, np.veto[j]!.text, { new: np.veto[j]!.line }, [1, j]);
    this.titles();
  }

  private titles(): void {
    const { ov, nv, op, np } = this;
    const g = this.blockGroup('评定与结果运用', 3e9);
    const push = (kind: ChangeKind, subject: string, old: string | undefined, nw: string | undefined, line: Change['line'], key: number[]) =>
      this.push({ kind, group: g.id, subject, ...(old !== undefined ? { old } : {}), ...(nw !== undefined ? { new: nw } : {}), line }, [
        4,
        ...key,
        KIND_ORDER.get(kind)!,
      ]);
    const tpos = mergedPositions(op.titles, (i) => {
      const j = np.titles.findIndex((t) => t.label === op.titles[i]!.label);
      return j < 0 ? undefined : j;
    });
    op.titles.forEach((t, i) => {
      if (!np.titles.some((x) => x.label === t.label)) push('title.removed', `称号“${t.label}”`, titleText(ov, t), undefined, { old: t.line }, [0, tpos[i]!]);
    });
    np.titles.forEach((t, j) => {
      const a = op.titles.find((x) => x.label === t.label);
      if (!a) push('title.added', `称号“${t.label}”`, undefined, titleText(nv, t), { new: t.line }, [0, j]);
      else if (!this.titleEq(a, t)) push('title.changed', `称号“${t.label}”`, titleText(ov, a), titleText(nv, t), { old: a.line, new: t.line }, [0, j]);
    });
    const ou = op.resultUse;
    const nu = np.resultUse;
    if (!ou && !nu) return;
    if ((ou?.by ?? '') !== (nu?.by ?? ''))
      push('result-use.changed', '结果运用汇总依据', ou ? `按【${ou.by}】汇总` : '无', nu ? `按【${nu.by}】汇总` : '无', {}, [1, -1]);
    const delta = (d: string) => (Rational.of(d).sign() < 0 ? `减${num(Rational.of(d).neg())}分` : `加${num(d)}分`);
    const orules = ou?.rules ?? [];
    const nrules = nu?.rules ?? [];
    const rpos = mergedPositions(orules, (i) => {
      const j = nrules.findIndex((r) => r.label === orules[i]!.label);
      return j < 0 ? undefined : j;
    });
    orules.forEach((r, i) => {
      if (!nrules.some((x) => x.label === r.label))
        push('result-use.removed', `结果运用“${r.label}”`, delta(r.delta), undefined, { old: r.line }, [1, rpos[i]!]);
    });
    nrules.forEach((r, j) => {
      const a = orules.find((x) => x.label === r.label);
      if (!a) push('result-use.added', `结果运用“${r.label}”`, undefined, delta(r.delta), { new: r.line }, [1, j]);
      else if (!numEq(a.delta, r.delta))
        push('result-use.changed', `结果运用“${r.label}”`, delta(a.delta), delta(r.delta), { old: a.line, new: r.line }, [1, j]);
    });
  }

  private titleEq(a: TitleSpec, b: TitleSpec): boolean {
    const { ov, nv, nodes } = this;
    const same = (i: number | undefined, j: number | undefined) => indexEq(i, ov, j, nv, nodes);
    if (a.from !== b.from || !same(a.among, b.among) || !same(a.when, b.when) || !same(a.plus, b.plus)) return false;
    if (!a.rank || !b.rank) return !a.rank && !b.rank;
    const x = a.rank;
    const y = b.rank;
    return (
      same(x.metric, y.metric) &&
      x.order === y.order &&
      x.group === y.group &&
      x.rounding === y.rounding &&
      x.atLeast === y.atLeast &&
      ov.tieText(x.tie) === nv.tieText(y.tie) &&
      x.counts.length === y.counts.length &&
      x.counts.every((c, i) => c.group === y.counts[i]!.group && c.n === y.counts[i]!.n && numEq(c.percent, y.counts[i]!.percent))
    );
  }

  // ── bounds ──

  bounds(analyze: BoundsAnalyzer): { bounds: BoundsChange[] } | { boundsError: string } {
    let ob: Bounds;
    let nb: Bounds;
    try {
      ob = analyze(this.op);
      nb = analyze(this.np);
    } catch (e) {
      return { boundsError: e instanceof Error ? e.message : String(e) };
    }
    const text = (r: Range | undefined) => ({ ...(r?.min !== undefined ? { min: num(r.min) } : {}), ...(r?.max !== undefined ? { max: num(r.max) } : {}) });
    const rows: BoundsChange[] = [{ label: '总分', old: text(ob.total), new: text(nb.total) }];
    for (const n of this.nv.order) {
      const oid = this.items.reverse.get(n.id);
      if (oid === undefined) continue;
      const o = this.ov.byId.get(oid)!;
      if (o.points === undefined && n.points === undefined) continue;
      const a = text(ob.node(o.id));
      const b = text(nb.node(n.id));
      if (a.min === b.min && a.max === b.max) continue;
      rows.push({ item: { old: o.id, new: n.id }, label: this.nv.itemName(n), old: a, new: b });
    }
    return { bounds: rows };
  }

  result(bounds?: BoundsAnalyzer): DiffResult {
    this.header();
    this.itemChanges();
    this.declarations();
    this.outcomes();
    const cmp = (a: number[], b: number[]) => {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const d = (a[i] ?? -Infinity) - (b[i] ?? -Infinity);
        if (d) return d;
      }
      return 0;
    };
    const sorted = this.out.map((k, i) => ({ ...k, i })).sort((a, b) => cmp(a.key, b.key) || a.i - b.i);
    const changes = sorted.map((k) => k.change);
    const used = new Set(changes.map((c) => c.group));
    const groups: Group[] = [...this.groups.entries()]
      .filter(([id]) => used.has(id))
      .sort((a, b) => a[1].key - b[1].key)
      .map(([id, g]) => ({ id, label: g.label }));
    const info = (p: Program) => ({ file: p.file, title: p.title, ...(p.total !== undefined ? { total: p.total } : {}) });
    return {
      old: info(this.op),
      new: info(this.np),
      groups,
      changes,
      matches: this.items.matches,
      ambiguities: [...this.items.ambiguities, ...this.ambiguities],
      ...(bounds ? this.bounds(bounds) : {}),
    };
  }
}

const ROUND_WORD = { 'half-up': '四舍五入', up: '进一法', down: '去尾法', 'half-even': '四舍六入五成双' } as const;
const SIGN_NAME = { deduct: '扣分', add: '加分', get: '得分' } as const;

function ruleText(r: RuleSpec): string {
  return r.alternatives.map((c, i) => (i ? `否则${c.text}` : c.text)).join('；');
}

/** 80分（含）以上 / 70分（含）以上、80分（不含）以下 / 其余 */
export function bandText(b: GradeBandSpec): string {
  if (b.rest) return '其余';
  const parts: string[] = [];
  if (b.lo) parts.push(`${num(b.lo.value)}分${b.lo.closed ? '（含）' : '（不含）'}以上`);
  if (b.hi) parts.push(`${num(b.hi.value)}分${b.hi.closed ? '（含）' : '（不含）'}以下`);
  return parts.join('、') || '不限';
}

function titleText(v: View, t: TitleSpec): string {
  const parts: string[] = [];
  if (t.from) parts.push(`“${t.from}”中`);
  if (t.among !== undefined) parts.push(`仅${v.condText(v.expr(t.among))}的，`);
  if (t.rank) {
    const r = t.rank;
    const counts = r.counts
      .map((c) => `${c.group ? `“${c.group}”` : ''}前${c.n !== undefined ? `${c.n}名` : `${num(Rational.of(c.percent ?? '0').mul(100))}%`}`)
      .join('、');
    parts.push(`按${v.exprText(v.expr(r.metric))}${r.group ? `在【${r.group}】内` : ''}${r.order === 'desc' ? '从高到低' : '从低到高'}${counts}`);
    if (r.rounding) parts.push(r.rounding === 'ceil' ? '（向上取整）' : '（向下取整）');
    if (r.atLeast !== undefined) parts.push(`（至少${r.atLeast}名）`);
  }
  if (t.when !== undefined) parts.push(`${v.condText(v.expr(t.when))}的`);
  if (t.plus !== undefined) parts.push(`，另加${v.condText(v.expr(t.plus))}的`);
  return parts.join('');
}

/** What changed in meaning from `oldProgram` to `newProgram`. */
export function diffPrograms(oldProgram: Program, newProgram: Program, options: DiffOptions = {}): DiffResult {
  return new Differ(oldProgram, newProgram).result(options.bounds);
}

/** The kinds `--fail-on` can watch. */
export type FailOn = 'total' | 'caps';

/**
 * Whether a diff trips `--fail-on`: `total` when the total or any level's points moved (an item
 * carrying points added or removed counts too), `caps` when any cap (限扣, 限加, 封顶, 扣完N分为止,
 * on an item or a rule) moved. Floors (最低N分) are not caps.
 */
export function trips(result: DiffResult, on: FailOn): Change[] {
  if (on === 'total') {
    return result.changes.filter(
      (c) => c.kind === 'header.total' || c.kind === 'item.points' || ((c.kind === 'item.added' || c.kind === 'item.removed') && c.points !== undefined),
    );
  }
  return result.changes.filter((c) => c.kind === 'item.cap' || c.kind === 'rule.cap');
}
