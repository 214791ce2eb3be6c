/**
 * Lowering: a checked rubric becomes a Program (src/runtime/program.ts), the plain-data form the
 * engine runs. Names are resolved to what they mean here (input, parameter, computed value, event
 * count, attribute, item score); 其中 and 凡 sentences are folded into the per-occurrence rules
 * they refine; percentages become exact ratios. Lowering assumes a rubric without errors.
 */
import type { CheckContext, NodeInfo } from '../checking/context.js';
import { tieRuleFor } from '../checking/rules/ranks.js';
import type { EventSym } from '../checking/scope.js';
import { formatType, type ValueType } from '../checking/types.js';
import { Rational } from '../runtime/rational.js';
import type * as P from '../runtime/program.js';
import type * as A from '../syntax/ast.js';
import { blockOf, declarations, describeNode, itemNumber } from '../syntax/walk.js';

export interface LowerOptions {
  /** Shown in traces and generated code; the rubric's path as given. */
  file: string;
}

function valueSpec(t: ValueType): P.ValueSpec {
  switch (t.kind) {
    case 'num': {
      const unit = Object.keys(t.dim).length ? formatType(t) : undefined;
      return { kind: 'num', ...(unit ? { unit } : {}), ...(t.percent ? { percent: true } : {}) };
    }
    case 'choice':
      return { kind: 'choice', options: t.options };
    case 'bool':
    case 'date':
    case 'text':
    case 'subject':
      return { kind: t.kind };
    case 'unknown':
      return { kind: 'text' };
  }
}

/** The last day of a month given as its first day (2023-11-01 → 2023-11-30). */
function monthEnd(iso: string): string {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

function periodOf(q: Extract<A.Qualifier, { kind: 'Period' }>): { from: string; to: string } {
  return { from: q.from.value, to: q.to.month ? monthEnd(q.to.value) : q.to.value };
}

export class Lowerer {
  private exprs: P.ExprIR[] = [];
  private ruleKeys = 0;
  /** Ids for population values, so the engine computes each once per run. */
  private ids = 0;

  constructor(
    private ctx: CheckContext,
    private source: string,
    private opts: LowerOptions,
  ) {}

  private text(span: A.Span): string {
    return this.source.slice(span.start, span.end).replace(/\s*\n\s*/g, '');
  }

  private add(e: P.ExprIR): number {
    this.exprs.push(e);
    return this.exprs.length - 1;
  }

  // ── expressions ──

  number(n: A.NumberLit): string {
    return n.percent ? Rational.of(n.value).div(100).toString() : n.value;
  }

  expr(e: A.Expr): P.ExprIR {
    switch (e.kind) {
      case 'Number':
        return { op: 'num', value: this.number(e) };
      case 'Ref':
        return this.ref(e);
      case 'Filter':
        return { op: 'count', event: e.event.name, filter: this.add(this.cond(e.cond)) };
      case 'Str':
        return { op: 'str', value: e.value };
      case 'Bool':
        return { op: 'bool', value: e.value };
      case 'Date':
        return { op: 'date', value: e.value };
      case 'Paren':
        return this.expr(e.inner);
      case 'Neg':
        return { op: 'neg', a: this.expr(e.operand) };
      case 'Binary': {
        const op = e.op === '+' ? 'add' : e.op === '-' ? 'sub' : e.op === '*' ? 'mul' : 'div';
        return { op, a: this.expr(e.left), b: this.expr(e.right) };
      }
      case 'Pop':
        return { op: 'pop', fn: e.fn, arg: this.expr(e.arg), ...(e.filter ? { filter: this.cond(e.filter) } : {}), id: this.ids++ };
      case 'Special':
        return { op: e.which };
      case 'If':
        return { op: 'if', c: this.cond(e.cond), a: this.expr(e.then), b: this.expr(e.else) };
      case 'DateOffset':
        return { op: 'date-add', date: this.expr(e.date), days: e.amount.value, workdays: e.amount.unit?.word === '工作日' };
    }
  }

  private ref(e: A.RefExpr): P.ExprIR {
    const sym = this.ctx.refs.get(e);
    switch (sym?.kind) {
      case 'input':
        return { op: 'input', name: sym.name };
      case 'param':
        return { op: 'param', name: sym.name };
      case 'computed':
        return { op: 'computed', name: sym.name };
      case 'event':
        return { op: 'count', event: sym.name };
      case 'attribute':
        return { op: 'attr', name: sym.name };
      case 'alias':
        return { op: 'node', id: this.ctx.byNode.get(sym.node)!.path };
      default:
        throw new Error(`lowering: unresolved name 【${e.name}】 (the rubric has errors)`);
    }
  }

  cond(c: A.Cond): P.ExprIR {
    switch (c.kind) {
      case 'Compare':
        return { op: 'cmp', cmp: c.op, a: this.expr(c.left), b: c.right.map((r) => this.expr(r)) };
      case 'Truthy':
        return { op: 'truthy', a: this.expr(c.expr) };
      case 'Not':
        return { op: 'not', a: this.cond(c.operand) };
      case 'And':
      case 'Or':
        return { op: c.kind === 'And' ? 'and' : 'or', items: c.items.map((i) => this.cond(i)) };
    }
  }

  private condIndex(c: A.Cond): number {
    return this.add(this.cond(c));
  }

  private exprIndex(e: A.Expr): number {
    return this.add(this.expr(e));
  }

  private tie(t: A.TieRule | undefined): P.TieSpec {
    if (!t || t.kind === 'high') return { kind: 'high' };
    if (t.kind === 'average') return { kind: 'average' };
    return { kind: 'by', metric: this.exprIndex(t.metric), order: t.order };
  }

  // ── program ──

  lower(): P.Program {
    const ctx = this.ctx;
    const header = ctx.header;
    const full = ctx.headerQualifier('FullMarks');
    const period = ctx.headerQualifier('Period');
    const round = ctx.headerQualifier('Round');
    const inputs: P.InputSpec[] = [];
    const params: P.InputSpec[] = [];
    const events: P.EventSpec[] = [];
    const computed: P.ComputedSpec[] = [];
    for (const d of declarations(ctx.ast)) {
      const sym = ctx.scope.globals.get(d.name.name);
      if (!sym) continue;
      if (d.kind === 'Event' && sym.kind === 'event') {
        events.push(this.event(sym, d));
      } else if (d.kind === 'Computed' && sym.kind === 'computed') {
        computed.push({
          name: sym.name,
          ...(d.desc ? { desc: d.desc } : {}),
          type: valueSpec(sym.type.kind === 'unknown' && d.value.kind !== 'Truthy' ? { kind: 'bool' } : this.computedType(sym.name)),
          expr: d.value.kind === 'Truthy' ? this.exprIndex(d.value.expr) : this.condIndex(d.value),
          line: d.span.line,
        });
      } else if ((d.kind === 'Input' || d.kind === 'Param') && (sym.kind === 'input' || sym.kind === 'param')) {
        const spec: P.InputSpec = {
          name: sym.name,
          ...(d.desc ? { desc: d.desc } : {}),
          type: valueSpec(sym.type),
          ...(sym.range ? { range: [this.number(sym.range.min), this.number(sym.range.max)] as [string, string] } : {}),
          ...(sym.missing ? { missing: this.exprIndex(sym.missing), missingText: `按${this.text(sym.missing.span)}` } : {}),
          ...(sym.group ? { group: true } : {}),
          usedBy: [],
          line: d.span.line,
        };
        (d.kind === 'Input' ? inputs : params).push(spec);
      }
    }
    const nodes = ctx.roots.map((r) => this.node(r, false, undefined));
    for (const r of ctx.roots) this.applyForAll(r, nodes);
    this.markUsage(nodes, inputs);
    const program: P.Program = {
      version: 1,
      title: header?.title ?? this.opts.file,
      file: this.opts.file,
      ...(full ? { total: full.amount.value } : {}),
      ...(period ? { period: periodOf(period) } : {}),
      ...(round ? { round: { places: round.places, mode: round.mode } } : {}),
      inputs,
      params,
      events,
      computed,
      nodes,
      veto: (blockOf(ctx.ast, 'Veto')?.conditions ?? []).map((c) => ({ line: c.span.line, text: this.text(c.span), when: this.condIndex(c) })),
      ...this.grades(),
      titles: (blockOf(ctx.ast, 'Titles')?.defs ?? []).map((d) => this.title(d)),
      ...this.resultUse(),
      exprs: this.exprs,
    };
    return program;
  }

  private computedType(name: string): ValueType {
    const decl = this.ctx.scope.globals.get(name);
    if (decl?.kind !== 'computed') return { kind: 'unknown' };
    if (decl.type.kind !== 'unknown') return decl.type;
    const d = decl.decl as A.ComputedDecl;
    return d.value.kind === 'Truthy' ? (this.ctx.typeOf(d.value.expr) ?? { kind: 'unknown' }) : { kind: 'bool' };
  }

  private event(sym: EventSym, d: A.EventDecl): P.EventSpec {
    return {
      name: sym.name,
      ...(sym.unit ? { unit: sym.unit } : {}),
      ...(d.desc ? { desc: d.desc } : {}),
      attrs: [...sym.attributes.values()].map((a) => {
        const missing = a.decl?.qualifiers.find((q) => q.kind === 'Missing');
        return {
          name: a.name,
          ...(a.decl?.desc ? { desc: a.decl.desc } : {}),
          type: valueSpec(a.type),
          ...(a.decl ? {} : { builtin: true }),
          ...(missing?.kind === 'Missing' ? { missing: this.exprIndex(missing.value), missingText: `按${this.text(missing.value.span)}` } : {}),
        };
      }),
      charge: (d.charge?.targets ?? []).map((t) => ({ attr: t.attr.name, share: t.factor ? this.number(t.factor) : '1' })),
      line: d.span.line,
    };
  }

  private node(info: NodeInfo, quarterlyAbove: boolean, periodAbove: { from: string; to: string } | undefined): P.NodeSpec {
    const n = info.node;
    const quals = [...n.qualifiers, ...n.body.flatMap((s) => (s.kind === 'ItemQualifiers' ? s.qualifiers : []))];
    const find = <K extends A.Qualifier['kind']>(k: K) => quals.find((q) => q.kind === k) as Extract<A.Qualifier, { kind: K }> | undefined;
    const mode = info.mode ?? 'points';
    const quarterly = quarterlyAbove || quals.some((q) => q.kind === 'Quarterly');
    const periodQ = find('Period');
    const period = periodQ ? periodOf(periodQ) : periodAbove;
    let capDeduct: string | undefined;
    let capAdd: string | undefined;
    let capWord: string | undefined;
    for (const q of quals) {
      if (q.kind === 'Cap') {
        const v = q.amount.value;
        if (q.cap === 'deduct' || (q.cap === 'total' && mode === 'deduct')) capDeduct = v;
        else capAdd = v;
        capWord = q.word;
      } else if (q.kind === 'DeductUntil' && q.amount) {
        capDeduct = q.amount.value;
        capWord = '扣完';
      }
    }
    const floor = find('Floor');
    const round = find('Round');
    const alias = find('Alias');
    const spec: P.NodeSpec = {
      id: info.path,
      number: itemNumber(n.marker),
      label: describeNode({ ...n, title: undefined }),
      ...(n.title ? { title: n.title } : {}),
      line: n.span.line,
      ...(info.points !== undefined ? { points: info.points } : {}),
      mode,
      composite: info.composite,
      outsideTotal: info.outsideTotal,
      ...(alias ? { alias: alias.name.name } : {}),
      ...(capDeduct ? { capDeduct } : {}),
      ...(capAdd ? { capAdd } : {}),
      ...(capWord ? { capWord } : {}),
      ...(floor ? { floor: floor.amount.value } : {}),
      sameMatterMax: quals.some((q) => q.kind === 'SameMatterMax'),
      ...(round ? { round: { places: round.places, mode: round.mode } } : {}),
      ...(period ? { period } : {}),
      rules: [],
      overrides: [],
      waivers: [],
      children: [],
    };
    let last: P.RuleSpec | undefined;
    for (const s of n.body) {
      if (s.kind === 'Rule') {
        last = { alternatives: [] };
        for (const c of s.alternatives) this.clause(info, spec, c, last, quarterly);
        if (last.alternatives.length) spec.rules.push(last);
      } else if (s.kind === 'Refine' && last) {
        this.refine(s, last);
      }
    }
    if (mode === 'check' && spec.criterion === undefined) spec.criterion = 'checklist';
    spec.children = info.children.map((c) => this.node(c, quarterly, period));
    return spec;
  }

  private clause(info: NodeInfo, spec: P.NodeSpec, c: A.Clause, rule: P.RuleSpec, quarterly: boolean): void {
    const a = c.action;
    const text = this.text(c.span);
    const line = c.span.line;
    if (a.kind === 'Criterion') {
      spec.criterion = this.condIndex(c.condition!);
      return;
    }
    if (a.kind === 'Override') {
      spec.overrides.push({ line, text, ...(c.condition ? { when: this.condIndex(c.condition) } : {}), value: this.exprIndex(a.amount) });
      return;
    }
    if (a.kind === 'Exempt' && c.condition) {
      spec.waivers.push({ line, text, when: this.condIndex(c.condition), sign: a.sign });
      return;
    }
    const ev = this.ctx.clauseEvents.get(c);
    // 【x】的，扣1分/件: the condition names the quantity, it is not a condition.
    const implicitQuantity = !c.subject && c.condition?.kind === 'Truthy' && (a.kind === 'PerUnit' || a.kind === 'Tiered' || a.kind === 'Discretionary');
    const quantity = c.subject?.expr ?? (implicitQuantity ? (c.condition as A.TruthyCond).expr : undefined);
    const when = c.condition && !implicitQuantity ? this.condIndex(c.condition) : undefined;
    let form: P.FormSpec;
    const eventForm = (extra: Partial<Extract<P.FormSpec, { kind: 'events' }>>): P.FormSpec => ({
      kind: 'events',
      event: ev!.name,
      ...(quantity?.kind === 'Filter' ? { filter: this.condIndex(quantity.cond) } : {}),
      tiers: [],
      multipliers: [],
      ...extra,
    });
    switch (a.kind) {
      case 'Flat':
        form = { kind: 'flat', value: this.exprIndex(a.amount) };
        break;
      case 'PerUnit':
        form = ev
          ? eventForm({ rate: this.exprIndex(a.amount), ...(a.per ? { per: a.per.word } : {}) })
          : { kind: 'quantity', quantity: this.exprIndex(quantity!), rate: this.exprIndex(a.amount), ...(a.per ? { per: a.per.word } : {}) };
        break;
      case 'Tiered':
        form = eventForm({
          tiers: a.values.map((v, i) => ({
            when: this.add({ op: 'cmp', cmp: '==', a: { op: 'attr', name: a.attr.name }, b: [this.expr(v)] }),
            rate: this.add({ op: 'num', value: this.number(a.amounts[i]!) }),
            label: `【${a.attr.name}】为${v.kind === 'Str' ? `“${v.value}”` : v.kind === 'Bool' ? (v.value ? '是' : '否') : this.text(v.span)}`,
          })),
          ...(a.per ? { per: a.per.word } : {}),
        });
        break;
      case 'Discretionary':
        form = eventForm({ discretionary: [a.min.value, a.max.value], ...(a.per ? { per: a.per.word } : {}) });
        break;
      case 'Judged':
        form = { kind: 'judged', value: this.exprIndex(a.amount) };
        break;
      case 'Step': {
        const cmp = c.condition as A.CompareCond;
        const qt = this.ctx.typeOf(cmp.left);
        const shown = qt ? valueSpec(qt) : undefined;
        form = {
          ...(shown?.unit ? { unit: shown.unit } : {}),
          ...(shown?.percent ? { percent: true } : {}),
          kind: 'step',
          quantity: this.exprIndex(cmp.left),
          target: this.exprIndex(cmp.right[0]!),
          dir: a.dir,
          step: this.add({ op: 'num', value: this.number(a.step) }),
          partial: a.partial ?? 'ceil',
          amount: a.amount.value,
          words: cmp.words,
        };
        break;
      }
      case 'Rank':
        form = {
          kind: 'rank',
          metric: this.exprIndex(a.metric),
          order: a.order ?? 'desc',
          ...(a.group ? { group: a.group.name } : {}),
          from: a.from,
          ...(a.to !== undefined ? { to: a.to } : {}),
          amounts: a.amounts.kind === 'List' ? { list: a.amounts.amounts.map((x) => x.value) } : { from: a.amounts.from.value, to: a.amounts.to.value },
          tie: this.tie(tieRuleFor(this.ctx, info, c.qualifiers)),
          key: `rank${this.ruleKeys++}`,
          metricText: this.text(a.metric.span),
          ...(this.ctx.typeOf(a.metric)?.kind === 'num' && (this.ctx.typeOf(a.metric) as { percent?: boolean }).percent ? { metricPercent: true } : {}),
        };
        break;
      default:
        return;
    }
    const capQ = c.qualifiers.find((q) => q.kind === 'Cap' || (q.kind === 'DeductUntil' && q.amount)) as
      Extract<A.Qualifier, { kind: 'Cap' | 'DeductUntil' }> | undefined;
    const floorQ = c.qualifiers.find((q) => q.kind === 'Floor') as Extract<A.Qualifier, { kind: 'Floor' }> | undefined;
    if (floorQ && form.kind === 'events') form.floorEach = floorQ.amount.value;
    const sign =
      a.kind === 'Rank' ||
      a.kind === 'Flat' ||
      a.kind === 'PerUnit' ||
      a.kind === 'Tiered' ||
      a.kind === 'Discretionary' ||
      a.kind === 'Judged' ||
      a.kind === 'Step'
        ? a.sign
        : 'deduct';
    rule.alternatives.push({
      line,
      col: c.span.col,
      text,
      sign,
      ...(when !== undefined ? { when } : {}),
      form,
      ...(capQ?.amount ? { cap: capQ.amount.value, capWord: capQ.kind === 'Cap' ? capQ.word : '扣完' } : {}),
      exempt: c.qualifiers
        .filter((q): q is Extract<A.Qualifier, { kind: 'Exempt' }> => q.kind === 'Exempt')
        .map((q) => ({ when: this.condIndex(q.cond), line: q.span.line })),
      quarterly,
    });
  }

  /** How many 其中 tiers each rule has so far: they go before the rule's own tier list. */
  private refineTiers = new Map<P.ClauseSpec, number>();

  /**
   * 其中…的: a tier (a new rate) or a multiplier for some occurrences of the rule before it. A
   * 其中 tier names the more specific occurrences, so it takes precedence over the rule's own
   * tier list (按【x】，“甲”、“乙”分别…); among several 其中, the first written wins.
   */
  private refine(s: Extract<A.Sentence, { kind: 'Refine' }>, rule: P.RuleSpec): void {
    const when = this.condIndex(s.condition);
    const label = this.text(s.condition.span);
    for (const c of rule.alternatives) {
      if (c.form.kind !== 'events') continue;
      const a = s.action;
      let tier: P.EventTier | undefined;
      if (a.kind === 'Multiplier') c.form.multipliers.push({ when, factor: this.number(a.factor), label, word: a.word });
      else if (a.kind === 'Exempt') c.form.multipliers.push({ when, factor: '0', label, word: '不扣分' });
      else if (a.kind === 'PerUnit') tier = { when, rate: this.exprIndex(a.amount), label };
      // 其中…的，每例次扣3-4分: a tier whose amount a person decides within its own range.
      else if (a.kind === 'Discretionary') tier = { when, discretionary: [a.min.value, a.max.value], label };
      if (tier) {
        const n = this.refineTiers.get(c) ?? 0;
        c.form.tiers.splice(n, 0, tier);
        this.refineTiers.set(c, n + 1);
      }
    }
  }

  /** 凡…的: multipliers for every per-occurrence rule of the item and the items under it. */
  private applyForAll(info: NodeInfo, specs: P.NodeSpec[]): void {
    const spec = specs.find((s) => s.id === info.path)!;
    for (const s of info.node.body) {
      if (s.kind !== 'ForAll') continue;
      const when = this.condIndex(s.condition);
      const label = this.text(s.condition.span);
      const a = s.action;
      const factor = a.kind === 'Multiplier' ? this.number(a.factor) : '0';
      const word = a.kind === 'Multiplier' ? a.word : '不扣分';
      const visit = (n: P.NodeSpec) => {
        for (const r of n.rules) for (const c of r.alternatives) if (c.form.kind === 'events') c.form.multipliers.push({ when, factor, label, word });
        n.children.forEach(visit);
      };
      visit(spec);
    }
    info.children.forEach((c) => this.applyForAll(c, spec.children));
  }

  /** Which items read each input directly or through computed values: for messages and the schema. */
  private markUsage(nodes: P.NodeSpec[], inputs: P.InputSpec[]): void {
    const byName = new Map(inputs.map((i) => [i.name, i]));
    const refsOf = (e: P.ExprIR, out: Set<string>, seen: Set<string>) => {
      const visit = (x: P.ExprIR): void => {
        if (x.op === 'input') out.add(x.name);
        else if (x.op === 'computed' && !seen.has(x.name)) {
          seen.add(x.name);
          const c = this.ctx.scope.globals.get(x.name);
          if (c?.kind === 'computed') {
            const d = c.decl as A.ComputedDecl;
            refsOf(d.value.kind === 'Truthy' ? this.expr(d.value.expr) : this.cond(d.value), out, seen);
          }
        }
        for (const v of Object.values(x)) {
          if (v && typeof v === 'object') {
            if (Array.isArray(v)) v.forEach((i) => i && typeof i === 'object' && 'op' in i && visit(i as P.ExprIR));
            else if ('op' in v) visit(v as P.ExprIR);
          }
        }
      };
      visit(e);
    };
    const visitNode = (n: P.NodeSpec) => {
      const used = new Set<string>();
      const idx: number[] = [];
      for (const r of n.rules) {
        for (const c of r.alternatives) {
          if (c.when !== undefined) idx.push(c.when);
          idx.push(...c.exempt.map((e) => e.when));
          const f = c.form;
          if (f.kind === 'flat' || f.kind === 'judged') idx.push(f.value);
          else if (f.kind === 'quantity') idx.push(f.quantity, f.rate);
          else if (f.kind === 'step') idx.push(f.quantity, f.target);
          else if (f.kind === 'rank') idx.push(f.metric);
          else if (f.kind === 'events') {
            if (f.filter !== undefined) idx.push(f.filter);
            if (f.rate !== undefined) idx.push(f.rate);
            idx.push(...f.tiers.flatMap((t) => (t.rate !== undefined ? [t.when, t.rate] : [t.when])), ...f.multipliers.map((m) => m.when));
          }
        }
      }
      if (typeof n.criterion === 'number') idx.push(n.criterion);
      idx.push(...n.overrides.flatMap((o) => (o.when !== undefined ? [o.when, o.value] : [o.value])), ...n.waivers.map((w) => w.when));
      for (const i of idx) refsOf(this.exprs[i]!, used, new Set());
      for (const name of used) byName.get(name)?.usedBy.push(n.id);
      n.children.forEach(visitNode);
    };
    nodes.forEach(visitNode);
  }

  private grades(): { grades?: P.Program['grades'] } {
    const g = blockOf(this.ctx.ast, 'Grades');
    if (!g) return {};
    const headerTie = this.ctx.headerQualifier('Tie')?.rule;
    return {
      grades: {
        bands: g.bands.map((b) => {
          const band: P.GradeBandSpec = { label: b.label, line: b.span.line, rest: !!b.rest };
          for (const bound of b.bounds) {
            const end = { value: bound.value.value, closed: bound.op === '>=' || bound.op === '<=' };
            if (bound.op.startsWith('>')) band.lo = end;
            else band.hi = end;
          }
          if (b.quota) band.quota = { count: b.quota.count, tie: this.tie(b.quota.tie ?? headerTie) };
          if (b.outsideQuota) band.outsideQuota = b.outsideQuota.label;
          if (b.vetoTo) band.vetoTo = b.vetoTo.label;
          return band;
        }),
      },
    };
  }

  private title(d: A.TitleDef): P.TitleSpec {
    const headerTie = this.ctx.headerQualifier('Tie')?.rule;
    const r = d.rank;
    const countOf = (c: A.CountSpec) => (c.kind === 'Count' ? { n: c.n } : { percent: this.number(c.percent) });
    return {
      label: d.label,
      line: d.span.line,
      ...(d.from ? { from: d.from.label } : {}),
      ...(d.among ? { among: this.condIndex(d.among) } : {}),
      ...(r
        ? {
            rank: {
              metric: this.exprIndex(r.metric),
              order: r.order,
              ...(r.group ? { group: r.group.name } : {}),
              counts: r.perGroup
                ? r.perGroup.values.map((v, i) => ({ group: v.kind === 'Str' ? v.value : this.text(v.span), ...countOf(r.perGroup!.counts[i]!) }))
                : [countOf(r.count)],
              ...(r.rounding ? { rounding: r.rounding } : {}),
              ...(r.atLeast !== undefined ? { atLeast: r.atLeast } : {}),
              tie: this.tie(r.tie ?? headerTie),
              ...(r.perGroup && !r.group ? { group: r.perGroup.attr.name } : {}),
            },
          }
        : {}),
      ...(d.condition ? { when: this.condIndex(d.condition) } : {}),
      ...(d.plus ? { plus: this.condIndex(d.plus) } : {}),
    };
  }

  private resultUse(): { resultUse?: P.Program['resultUse'] } {
    const u = blockOf(this.ctx.ast, 'ResultUse');
    if (!u?.by) return {};
    return {
      resultUse: {
        by: u.by.name,
        rules: u.rules.map((r) => ({
          label: r.label.label,
          delta: (r.sign === 'deduct' ? Rational.of(r.delta.value).neg() : Rational.of(r.delta.value)).toString(),
          line: r.span.line,
        })),
      },
    };
  }
}

export function lower(ctx: CheckContext, source: string, opts: LowerOptions): P.Program {
  return new Lowerer(ctx, source, opts).lower();
}
