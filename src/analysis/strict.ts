/**
 * `rubric check --strict`: what the bounds of the scores say about a rubric that checks clean.
 * Each finding has a stable S-code (src/diagnostics/codes.ts), points at the item's heading or
 * the rule in the source, and names the item and the numbers.
 *
 * Findings that say something can NEVER happen (a cap never reached, a tier that never applies,
 * a grade band above every total) rest on sound bounds and are always made. Findings that say
 * something CAN happen (a deduction beyond the points, a formula above the points) are made only
 * when the bound is tight: real data reaches it (bounds.ts, interval.ts). Where the analysis
 * cannot tell, it stays silent.
 *
 * Deliberately not detected:
 * - Partial overlaps of tiers or alternatives (both can hold for some data, the first wins): the
 *   order is the documented meaning (R9, R10), so an overlap alone is not a mistake.
 * - Conditions whose truth depends on relations the analysis does not track: computed values
 *   are taken as independent of the inputs they read, comparisons of dates and of two computed
 *   values are opaque. Such a condition is never called impossible unless it is so even then.
 * - Rules of one item that can never fire together: their greatest charges are summed, so a
 *   "can exceed" finding is withheld when the rules read the same values (it may be unreachable).
 * - Quotas, titles and 结果运用, and whether a 达标 checklist answer is ever given.
 */
import type { CheckResult } from '../checking/check.js';
import type { NodeInfo } from '../checking/context.js';
import { type Code, diagnostic } from '../diagnostics/codes.js';
import { sortDiagnostics, type Diagnostic, type RelatedInfo, type Span } from '../diagnostics/diagnostic.js';
import type { ClauseSpec, NodeSpec, Program } from '../runtime/program.js';
import { Rational } from '../runtime/rational.js';
import type * as A from '../syntax/ast.js';
import { blockOf, describeNode } from '../syntax/walk.js';
import { Analysis, type ClauseFacts } from './bounds.js';
import * as C from './conditions.js';
import type { Formula } from './conditions.js';
import type { Num } from './interval.js';

export interface Compiled {
  /** Absent when the rubric has errors: then there is nothing to analyse. */
  program?: Program;
  check: Pick<CheckResult, 'context'>;
}

/** Exact when the decimal terminates, else two decimals and “…”. */
export function fmt(x: Rational): string {
  return x.isTerminating() ? x.toString() : `${x.toFixed(2)}…`;
}

/** 0.2至100分, 0至无上限 */
export function fmtRange(x: Num): string {
  return `${x.lo === undefined ? '无下限' : `${fmt(x.lo)}分`}至${x.hi === undefined ? '无上限' : `${fmt(x.hi)}分`}`;
}

const SIGN_WORD = { deduct: '扣', add: '加', get: '得' } as const;

/** A rule as quoted in a message: its text, cut after 24 characters. */
export function quote(text: string): string {
  const chars = [...text];
  return `“${chars.length > 24 ? `${chars.slice(0, 24).join('')}…` : text}”`;
}

/** Why a rule has no greatest charge. */
function unboundedWhy(c: ClauseSpec): string {
  const f = c.form;
  if (f.kind === 'events') return `${quote(c.text)}按【${f.event}】的数量计`;
  if (f.kind === 'quantity') return `${quote(c.text)}按数量计`;
  if (f.kind === 'step') return `${quote(c.text)}按差额计，差额没有上限`;
  return quote(c.text);
}

function quals(info: NodeInfo): A.Qualifier[] {
  return [...info.node.qualifiers, ...info.node.body.flatMap((s) => (s.kind === 'ItemQualifiers' ? s.qualifiers : []))];
}

class Findings {
  readonly out: Diagnostic[] = [];
  readonly a: Analysis;
  private info = new Map<string, NodeInfo>();
  /** Items with a rank table above their points or caps (S7007). */
  private rankOver = new Set<string>();

  constructor(
    readonly program: Program,
    readonly compiled: Compiled,
    analysis?: Analysis,
  ) {
    this.a = analysis ?? new Analysis(program);
    for (const n of compiled.check.context.nodes) this.info.set(n.path, n);
  }

  report(code: Code, span: Span, message: string, opts: { hint?: string; related?: RelatedInfo[] } = {}): void {
    this.out.push(diagnostic(code, span, message, opts));
  }

  nodeInfo(n: NodeSpec): NodeInfo | undefined {
    return this.info.get(n.id);
  }

  name(n: NodeSpec): string {
    const i = this.nodeInfo(n);
    return i ? describeNode(i.node) : `${n.label}${n.title ? `「${n.title}」` : ''}`;
  }

  heading(n: NodeSpec): Span {
    return this.nodeInfo(n)!.node.span;
  }

  /** The AST clause a lowered clause came from. */
  astClause(n: NodeSpec, c: ClauseSpec): { clause: A.Clause; rule: Extract<A.Sentence, { kind: 'Rule' }>; body: A.Sentence[] } | undefined {
    const body = this.nodeInfo(n)?.node.body ?? [];
    for (const s of body) {
      if (s.kind !== 'Rule') continue;
      for (const clause of s.alternatives) if (clause.span.line === c.line && clause.span.col === c.col) return { clause, rule: s, body };
    }
    return undefined;
  }

  clauseSpan(n: NodeSpec, c: ClauseSpec): Span {
    return this.astClause(n, c)?.clause.span ?? this.heading(n);
  }

  /** A tier's words: the listed value (“省级”) or the 其中 sentence. */
  /** Lowering puts a rule's 其中 tiers first (in the order written), then its own tier list. */
  tierSpan(n: NodeSpec, c: ClauseSpec, index: number): Span {
    const found = this.astClause(n, c);
    if (!found) return this.heading(n);
    const refines = [];
    for (const s of found.body.slice(found.body.indexOf(found.rule) + 1)) {
      if (s.kind === 'Rule') break;
      if (s.kind === 'Refine' && (s.action.kind === 'PerUnit' || s.action.kind === 'Discretionary')) refines.push(s);
    }
    if (index < refines.length) return refines[index]!.span;
    const action = found.clause.action;
    const k = index - refines.length;
    if (action.kind === 'Tiered' && k < action.values.length) return action.values[k]!.span;
    return found.clause.span;
  }

  /** The item whose score a pool feeds: itself, or the nearest ancestor that is scored. */
  owner(n: NodeSpec): NodeSpec {
    let o = n;
    while (this.a.isPoolChild(o)) o = this.a.parent.get(o.id)!;
    return o;
  }

  /**
   * The first rule under an item (its own, then its point-less children's) with no greatest charge
   * of a sign: one certainly so if there is one.
   */
  unboundedRule(n: NodeSpec, sign: 'deduct' | 'add', certain = true): { node: NodeSpec; facts: ClauseFacts } | undefined {
    for (const r of n.rules) {
      for (const c of r.alternatives) {
        const f = this.a.clause(c, n, r);
        if (c.sign === sign && f.live !== 'unsat' && f.amount.hi === undefined && (f.amount.hiTight || !certain)) return { node: n, facts: f };
      }
    }
    for (const ch of n.children) {
      const cap = sign === 'deduct' ? ch.capDeduct : ch.capAdd;
      if (cap !== undefined) continue;
      const u = this.unboundedRule(ch, sign, certain);
      if (u) return u;
    }
    return certain ? this.unboundedRule(n, sign, false) : undefined;
  }

  run(): Diagnostic[] {
    const walk = (n: NodeSpec) => {
      if (this.nodeInfo(n)) this.node(n);
      n.children.forEach(walk);
    };
    this.program.nodes.forEach(walk);
    this.veto();
    this.grades();
    return sortDiagnostics(this.out);
  }

  // ── items ──

  private node(n: NodeSpec): void {
    if (!n.composite && n.mode !== 'check') {
      this.deductions(n);
      this.additions(n);
      for (const rule of n.rules) for (const c of rule.alternatives) this.clause(n, this.a.clause(c, n, rule));
    }
    this.outside(n);
  }

  private deductions(n: NodeSpec): void {
    const info = this.nodeInfo(n)!;
    const pool = this.a.pool(n);
    const scored = !this.a.isPoolChild(n) && n.mode === 'deduct' && n.points !== undefined;
    const qs = quals(info);
    const until = qs.find((q): q is Extract<A.Qualifier, { kind: 'DeductUntil' }> => q.kind === 'DeductUntil');
    const floorQ = qs.find((q): q is Extract<A.Qualifier, { kind: 'Floor' }> => q.kind === 'Floor');
    const explicitFloor = floorQ !== undefined || until !== undefined;
    const name = this.name(n);
    // The item's 限扣 / 扣完N分为止: never reached.
    if (n.capDeduct !== undefined) {
      const cap = Rational.of(n.capDeduct);
      const raw = pool.uncapped.deduct;
      if (raw.hi !== undefined && raw.hi.lt(cap)) {
        const capQ = qs.find((q) => q.kind === 'Cap' || (q.kind === 'DeductUntil' && q.amount));
        this.report('S7003', capQ?.span ?? info.node.span, `${name}的${n.capWord ?? '限扣'}${n.capDeduct}分永远达不到：本项最多扣${fmt(raw.hi)}分`, {
          hint: '核对封顶分值与各条扣分；若封顶无意义可删去',
        });
      }
    }
    if (!scored) return;
    const points = Rational.of(n.points!);
    const max = pool.net.deduct;
    if (!explicitFloor) {
      if (max.hi === undefined) {
        if (!max.hiTight) return;
        const u = this.unboundedRule(n, 'deduct');
        const why = u ? unboundedWhy(u.facts.clause) : '按数量计的规则';
        this.report('S7002', info.node.span, `${name}（${n.points}分）的扣分没有上限（${why}），未写“扣完为止”；按语言规则本项最低0分，多扣的分不计`, {
          hint: '若原文即为扣完为止，可写明“扣完为止”；若扣分应计入上级或总分，须另行写出',
          ...(u ? { related: [{ span: this.clauseSpan(u.node, u.facts.clause), message: '不设上限的扣分' }] } : {}),
        });
      } else if (max.hi.gt(points) && max.hiTight) {
        this.report('S7001', info.node.span, `${name}最多可扣${fmt(max.hi)}分，超过本项${n.points}分，且未写“扣完为止”`, {
          hint: '按语言规则本项最低0分，超过本项分值的扣分不计；若原意如此请写明“扣完为止”，否则核对分值或各条扣分',
        });
      }
      return;
    }
    // An explicit floor (扣完为止, 最低N分) that deductions never bring the score down to.
    if (until?.amount) return; // 扣完N分为止 is a cap, checked above
    const floor = n.floor !== undefined ? Rational.of(n.floor) : Rational.ZERO;
    if (max.hi !== undefined && points.sub(max.hi).gt(floor)) {
      const word = floorQ ? `最低${n.floor}分` : '“扣完为止”';
      this.report('S7003', (floorQ ?? until)!.span, `${name}最多扣${fmt(max.hi)}分，最低得${fmt(points.sub(max.hi))}分，永远达不到${word}的${fmt(floor)}分`, {
        hint: '封底不起作用；核对扣分标准，或删去封底',
      });
    }
  }

  private additions(n: NodeSpec): void {
    const info = this.nodeInfo(n)!;
    const scored = !this.a.isPoolChild(n) && n.mode === 'add' && n.points !== undefined;
    const limits: { value: Rational; word: string; span: Span }[] = [];
    const qs = quals(info);
    if (n.capAdd !== undefined) {
      const capQ = qs.find((q) => q.kind === 'Cap');
      limits.push({ value: Rational.of(n.capAdd), word: n.capWord ?? '限加', span: capQ?.span ?? info.node.span });
    }
    if (scored) limits.push({ value: Rational.of(n.points!), word: '本项分值', span: info.node.span });
    if (!limits.length) return;
    const limit = limits.reduce((a, b) => (b.value.lt(a.value) ? b : a));
    const raw = this.a.pool(n).uncapped.add;
    const name = this.name(n);
    if (raw.hi === undefined) {
      if (!raw.hiTight) return;
      const u = this.unboundedRule(n, 'add');
      const why = u ? unboundedWhy(u.facts.clause) : '按数量计的规则';
      this.report('S7004', limit.span, `${name}的加分没有上限（${why}），超过${limit.word}${fmt(limit.value)}分的部分不计`, {
        ...(u ? { related: [{ span: this.clauseSpan(u.node, u.facts.clause), message: '不设上限的加分' }] } : {}),
      });
    } else if (raw.hi.gt(limit.value) && raw.hiTight) {
      this.report('S7004', limit.span, `${name}各条最多可加${fmt(raw.hi)}分，超过${limit.word}${fmt(limit.value)}分，超出部分不计`);
    } else if (raw.hi.lt(limit.value)) {
      this.report('S7005', limit.span, `${name}最多只能加${fmt(raw.hi)}分，永远达不到${limit.word}${fmt(limit.value)}分`, {
        hint: '核对加分标准与封顶（或分值）：按现有规则，本项拿不到满分',
      });
    }
  }

  /** 赋分 and 公式 items whose score can leave [0, points]. */
  private outside(n: NodeSpec): void {
    if ((n.mode !== 'assign' && n.mode !== 'formula') || n.points === undefined || this.a.isPoolChild(n)) return;
    // A rank table above the points has been reported (S7007) with the table itself.
    if (this.rankOver.has(n.id)) return;
    const s = this.a.score(n.id);
    const points = Rational.of(n.points);
    const name = this.name(n);
    if (s.hi !== undefined ? s.hi.gt(points) && s.hiTight : s.hiTight) {
      const what = s.hi === undefined ? `的得分没有上限，可超过本项分值${n.points}分` : `最高可得${fmt(s.hi)}分，超过本项分值${n.points}分`;
      this.report('S7013', this.heading(n), `${name}${what}`, {
        hint: '本项不封顶，得分直接计入总分；核对公式或赋分范围（公式的分母若应是分子各项之和，请用计算值写出）',
      });
    }
    if (s.lo !== undefined ? s.lo.sign() < 0 && s.loTight : s.loTight) {
      this.report('S7013', this.heading(n), s.lo === undefined ? `${name}的得分没有下限，可低于0分` : `${name}最低可得${fmt(s.lo)}分，低于0分`, {
        hint: '核对公式：负分会直接计入总分',
      });
    }
  }

  // ── rules ──

  private clause(n: NodeSpec, f: ClauseFacts): void {
    const c = f.clause;
    const span = this.clauseSpan(n, c);
    if (f.live === 'unsat') {
      this.report('S7009', span, `${this.name(n)}的${quote(c.text)}永远不会适用：${this.deadReason(f)}`, {
        hint: '“否则”只在前面各句都不成立时适用；核对条件或调整顺序',
      });
      return;
    }
    if (f.filterLive === 'unsat') {
      this.report('S7009', span, `${this.name(n)}的${quote(c.text)}永远不会适用：筛选事件的条件永远不成立`);
      return;
    }
    // The rule's own cap, never reached.
    if (c.cap !== undefined && f.uncapped.hi !== undefined && f.uncapped.hi.lt(Rational.of(c.cap))) {
      const word = c.capWord ?? (c.sign === 'deduct' ? '限扣' : '限加');
      if (c.sign === 'deduct') {
        this.report('S7003', span, `${this.name(n)}的${quote(c.text)}最多扣${fmt(f.uncapped.hi)}分，${word}${c.cap}分永远达不到`, {
          hint: '核对封顶分值与单次扣分',
        });
      } else if (c.sign === 'add') {
        this.report('S7005', span, `${this.name(n)}的${quote(c.text)}最多加${fmt(f.uncapped.hi)}分，永远达不到${word}${c.cap}分`, {
          hint: '核对封顶分值与单次加分',
        });
      }
    }
    if (c.form.kind === 'rank') this.rank(n, f);
    if (c.form.kind === 'events') this.tiers(n, f);
  }

  private deadReason(f: ClauseFacts): string {
    const S = this.a.solver;
    const alts = f.rule.alternatives;
    if (S.sat(f.own) === 'unsat') return '它的条件永远不成立';
    for (let j = 0; j < f.index; j++) {
      const cj = alts[j]!;
      if (cj.when === undefined) return `前面的${quote(cj.text)}没有条件，总是适用`;
      const own = S.cond(cj.when, { node: f.node });
      if (S.implies(f.own, own)) return `它的条件成立时，前面${quote(cj.text)}的条件也成立，总是先适用前面一句`;
    }
    return '前面各句的条件合起来已包括它的全部情形';
  }

  private rank(n: NodeSpec, f: ClauseFacts): void {
    const c = f.clause;
    const form = c.form as Extract<ClauseSpec['form'], { kind: 'rank' }>;
    const found = this.astClause(n, c);
    const action = found?.clause.action;
    const span = action?.kind === 'Rank' ? action.amounts.span : this.clauseSpan(n, c);
    const values = 'list' in form.amounts ? form.amounts.list.map((x) => Rational.of(x)) : [Rational.of(form.amounts.from), Rational.of(form.amounts.to)];
    let up = false;
    let down = false;
    for (let i = 0; i + 1 < values.length; i++) {
      const d = values[i + 1]!.cmp(values[i]!);
      if (d > 0) up = true;
      if (d < 0) down = true;
    }
    const where = `${this.name(n)}按${form.metricText}排名`;
    if (up && down) {
      this.report(
        'S7006',
        span,
        `${where}的分值${values.map((v) => `${fmt(v)}分`).join('、')}时升时降，名次靠前的不一定分值更${c.sign === 'deduct' ? '重' : '高'}`,
        {
          hint: '核对分值的顺序：通常逐名递减',
        },
      );
    }
    const top = Rational.max(...values);
    const limits: { value: string; word: string }[] = [];
    if (c.cap !== undefined) limits.push({ value: c.cap, word: `该规则的${c.capWord ?? '封顶'}` });
    for (let m: NodeSpec | undefined = n; m; m = this.a.isPoolChild(m) ? this.a.parent.get(m.id) : undefined) {
      const cap = c.sign === 'deduct' ? m.capDeduct : c.sign === 'add' ? m.capAdd : undefined;
      if (cap !== undefined) limits.push({ value: cap, word: `${this.name(m)}的${m.capWord ?? (c.sign === 'deduct' ? '限扣' : '限加')}` });
      if (!this.a.isPoolChild(m) && m.points !== undefined) limits.push({ value: m.points, word: `${m === n ? '本项' : this.name(m)}分值` });
    }
    const hit = limits.find((l) => top.gt(Rational.of(l.value)));
    if (hit) {
      this.rankOver.add(this.owner(n).id);
      this.report('S7007', span, `${where}最多${SIGN_WORD[c.sign]}${fmt(top)}分，超过${hit.word}${hit.value}分`, {
        hint: c.sign === 'get' ? '赋分、公式项目不封顶，超出的分直接计入总分；核对排名分值' : '超出部分会被封顶截去；核对排名分值',
      });
    }
  }

  private tiers(n: NodeSpec, f: ClauseFacts): void {
    const c = f.clause;
    const form = c.form as Extract<ClauseSpec['form'], { kind: 'events' }>;
    if (!f.tiers || f.filterLive === 'unsat') return;
    const S = this.a.solver;
    const filter = f.filter ?? C.TRUE;
    for (const t of f.tiers) {
      if (t.live !== 'unsat') continue;
      const tier = form.tiers[t.index]!;
      let why: string;
      const dup = f.tiers.slice(0, t.index).find((e) => sameValues(e.formula, t.formula));
      if (dup) why = `${tier.label.replace(/^.*为/, '')}已列在前面的分档中（${form.tiers[dup.index]!.label}），每次只按第一个符合的分档计分`;
      else if (S.sat(C.and(filter, t.formula)) === 'unsat') why = '它的条件在本规则计分的事件中永远不成立';
      else {
        const earlier = f.tiers.slice(0, t.index).find((e) => S.implies(C.and(filter, t.formula), e.formula));
        const exhausted = this.exhausted(
          form.event,
          f.tiers.slice(0, t.index).map((e) => e.formula),
        );
        why = earlier
          ? `它成立时，前面「${form.tiers[earlier.index]!.label}」一档也成立，每次只按第一个符合的分档计分`
          : exhausted
            ? `【${exhausted}】的每个选项都已列在前面的分档中，每个事件都先落入前面的分档，每次只按第一个符合的分档计分`
            : `每个事件都先落入前面的分档（${form.tiers
                .slice(0, t.index)
                .map((x) => x.label)
                .join('、')}），每次只按第一个符合的分档计分`;
      }
      this.report('S7008', this.tierSpan(n, c, t.index), `${this.name(n)}的分档「${tier.label}」永远不适用：${why}`, {
        hint: '把更具体的分档写在前面，或改写为倍数（按N倍扣分）',
        related: [{ span: this.clauseSpan(n, c), message: '所在规则' }],
      });
    }
    // A choice listed in no tier, with no base rate: its occurrences charge nothing.
    if (form.rate !== undefined || form.discretionary || form.floorEach !== undefined || !f.tiers.length) return;
    const event = this.a.ev.events.get(form.event);
    const byKey = new Map<string, Set<string>>();
    for (const t of f.tiers) {
      if (t.formula.t === 'sym' && t.formula.op === '==' && t.formula.key.startsWith(`attr:${form.event}:`)) {
        let s = byKey.get(t.formula.key);
        if (!s) byKey.set(t.formula.key, (s = new Set()));
        t.formula.cs.forEach((v) => s!.add(v));
      }
    }
    const missed = C.and(filter, ...f.tiers.map((t) => C.not(t.formula)));
    for (const [key, listed] of byKey) {
      const attr = key.slice(`attr:${form.event}:`.length);
      const options = event?.attrs.find((x) => x.name === attr)?.type.options;
      if (!options) continue;
      const unlisted = options.filter((o) => !listed.has(o) && S.sat(C.and(missed, { t: 'sym', key, op: '==', cs: [o] })) !== 'unsat');
      if (!unlisted.length) continue;
      const found = this.astClause(n, c);
      const span = found?.clause.action.kind === 'Tiered' ? found.clause.action.attr.span : this.clauseSpan(n, c);
      this.report('S7010', span, `${this.name(n)}：【${attr}】为${unlisted.map((o) => `“${o}”`).join('、')}的【${form.event}】不在任何分档中，不计分`, {
        hint: '若应计分，请在分档中列出；若原意不计分，可不改',
      });
    }
  }

  /** The choice attribute whose every option the given tiers list, if any. */
  private exhausted(event: string, formulas: Formula[]): string | undefined {
    const prefix = `attr:${event}:`;
    const byKey = new Map<string, Set<string>>();
    for (const g of formulas) {
      if (g.t !== 'sym' || g.op !== '==' || !g.key.startsWith(prefix)) continue;
      let set = byKey.get(g.key);
      if (!set) byKey.set(g.key, (set = new Set()));
      g.cs.forEach((v) => set!.add(v));
    }
    for (const [key, listed] of byKey) {
      const attr = key.slice(prefix.length);
      const options = this.a.ev.events.get(event)?.attrs.find((x) => x.name === attr)?.type.options;
      if (options?.every((o) => listed.has(o))) return attr;
    }
    return undefined;
  }

  // ── outcomes ──

  private veto(): void {
    const block = blockOf(this.compiled.check.context.ast, 'Veto');
    this.program.veto.forEach((v, i) => {
      const f = this.a.solver.cond(v.when, {});
      if (this.a.solver.sat(f) !== 'unsat') return;
      this.report('S7011', block?.conditions[i]?.span ?? block!.span, `否优条件“${v.text}”永远不成立，不会取消任何对象的评优资格`, {
        hint: '核对条件的数值与比较方向',
      });
    });
  }

  private grades(): void {
    const g = this.program.grades;
    const block = blockOf(this.compiled.check.context.ast, 'Grades');
    if (!g || !block) return;
    const t = this.a.total();
    g.bands.forEach((b, i) => {
      if (b.rest) return;
      const above = b.lo !== undefined && t.hi !== undefined && (Rational.of(b.lo.value).gt(t.hi) || (Rational.of(b.lo.value).eq(t.hi) && !b.lo.closed));
      const below = b.hi !== undefined && t.lo !== undefined && (Rational.of(b.hi.value).lt(t.lo) || (Rational.of(b.hi.value).eq(t.lo) && !b.hi.closed));
      if (!above && !below) return;
      const end = above ? b.lo! : b.hi!;
      const words = `${end.value}分（${end.closed ? '含' : '不含'}）${above ? '以上' : '以下'}`;
      this.report('S7012', block.bands[i]?.span ?? block.span, `等次“${b.label}”要求总分${words}，但总分只能在${fmtRange(t)}之间，任何对象都评不上`, {
        hint: '核对等次的分数线与各项分值',
      });
    });
  }
}

/** Two tier conditions testing the same value against the same constants (a value listed twice). */
function sameValues(a: Formula, b: Formula): boolean {
  return a.t === 'sym' && b.t === 'sym' && a.key === b.key && a.op === '==' && b.op === '==' && b.cs.every((v) => a.cs.includes(v));
}

/**
 * The strict findings of a compiled rubric; none when it has errors (no Program). `analysis`:
 * one already built for this Program, to share it.
 */
export function strictFindings(compiled: Compiled, analysis?: Analysis): Diagnostic[] {
  if (!compiled.program) return [];
  return new Findings(compiled.program, compiled, analysis).run();
}
