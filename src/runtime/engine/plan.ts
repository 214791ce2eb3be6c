/**
 * What the engine needs to know about a Program, worked out once per Program (and cached with
 * it): nodes and clauses by index with their constants parsed, the values a rule can read with
 * the shape of their trace facts, and per event kind a plan of what one event does — which
 * counts it adds to, which filters it is tested against, which per-occurrence rules it folds
 * into and how (a rule whose rates are constants keeps whole-number counters per tier and
 * multiplier combination; the others keep groups of exact amounts).
 */
import type { ClauseSpec, ExprIR, InputSpec, NodeSpec, Program, ValueSpec } from '../program.js';
import { Rational } from '../rational.js';

/** How a value read by a rule appears among its trace facts (the value is added when read). */
export interface FactShape {
  name: string;
  unit?: string;
  percent?: true;
}

export interface ValueInfo {
  shape: FactShape;
  spec?: InputSpec;
}

export interface NodeInfo {
  spec: NodeSpec;
  index: number;
  parent?: NodeInfo;
  children: NodeInfo[];
  /** A child of an item that is not the sum of its children: its net joins the parent's pool. */
  poolChild: boolean;
  /** 第16项「执法办案质量」 */
  name: string;
  points?: Rational;
  floor?: Rational;
  capDeduct?: Rational;
  capAdd?: Rational;
  /** 限加 at or below the item's points: the points do not cap the additions again. */
  capAddWithinPoints: boolean;
  /** The alternatives of each rule. */
  rules: ClauseInfo[][];
  /** 第16项「执法办案质量」得分, for s.node(). */
  scoreShape: FactShape;
  /** For an item with 同一事项取最高: its index among such items, and the clauses under it in document order. */
  owner?: { index: number; clauses: ClauseInfo[] };
}

export interface ClauseInfo {
  spec: ClauseSpec;
  index: number;
  node: NodeInfo;
  /** The nearest item with 同一事项取最高 at or above a per-occurrence rule. */
  matterOwner?: NodeInfo;
  cap?: Rational;
  fold?: FoldPlan;
}

/** A test of one event attribute against constant texts: 【会议级别】为“全国性”、“全省性”. */
export interface AttrTest {
  attr: string;
  values: Set<string>;
  negate: boolean;
}

/** Per-occurrence rule: how one event folds into it. */
export interface FoldPlan {
  clause: ClauseInfo;
  form: Extract<ClauseSpec['form'], { kind: 'events' }>;
  node: NodeSpec;
  period?: { from: string; to: string };
  /** Occurrences with a 事项 wait for 同一事项取最高, under each of these items. */
  keepMatters: boolean;
  owners: NodeInfo[];
  /** Its per-event values need counts, item scores or population values: folded at the end. */
  deferred: boolean;
  filterTest?: AttrTest;
  /** Tiers that all test one attribute against texts: the tier is one lookup of the value. */
  tierLookup?: { attr: string; tiers: Map<string, number> };
  /** [lo, hi] of 视情 per tier (index 0: no tier matched), parsed. */
  ranges: ([Rational, Rational] | undefined)[];
  factors: Rational[];
  floorEach?: Rational;
  fast?: FastFold;
}

/**
 * A rule whose rates are constants: per object, one whole-number counter per (tier, multipliers)
 * slot, the sequence number of the slot's first event (groups are listed in order of first
 * occurrence) and the count of occurrences outside the item's period, in the object's numbers.
 */
export interface FastFold {
  nMult: number;
  slots: number;
  counts: number;
  first: number;
  outside: number;
  /** Per slot: rate × multipliers, the amount of one occurrence. */
  unit: Rational[];
  rate: Rational[];
  label: string[];
  words: (string | undefined)[];
  /** The units over a common denominator, as whole numbers (NaN when too large), for summing in doubles. */
  den: bigint;
  unitNum: number[];
}

export interface FilterPlan {
  expr: number;
  slot: number;
  deferred: boolean;
  test?: AttrTest;
}

export interface KindPlan {
  name: string;
  charge: { attr: string; share: Rational }[];
  /** Slot of Σ 数量 × share in the object's numbers, when some expression counts the kind; else −1. */
  countSlot: number;
  filters: FilterPlan[];
  clauses: FoldPlan[];
  unit?: string;
  countShape: FactShape;
}

export interface Plan {
  nodes: NodeInfo[];
  nodeById: Map<string, NodeInfo>;
  top: NodeInfo[];
  clauses: ClauseInfo[];
  owners: NodeInfo[];
  inputs: Map<string, ValueInfo>;
  params: Map<string, ValueInfo>;
  computed: Map<string, { shape: FactShape; expr: number }>;
  kinds: Map<string, KindPlan>;
  kindShapes: Map<string, FactShape>;
  /** Slot of each filter expression (by expression index) in the object's numbers. */
  filterSlots: Map<number, number>;
  /** Size of the per-object numbers (counts, filtered counts, fast rule counters). */
  numbers: number;
  /** Expressions that are plain numbers, parsed once. */
  constants: Map<number, Rational>;
  /** Per event kind, attribute defaults (缺失时) by attribute name: expression index. */
  attrDefaults: Map<string, Map<string, number>>;
}

const BUILTIN_ATTRS = new Set(['对象', '日期', '数量', '分值', '事项', '编号']);

function shapeOf(name: string, type: ValueSpec | undefined): FactShape {
  const unit = type?.percent ? undefined : type?.unit;
  return { name, ...(unit ? { unit } : {}), ...(type?.percent ? { percent: true as const } : {}) };
}

/**
 * Can a per-event expression be evaluated as its event arrives? Only if it reads nothing that
 * is complete only after all events: counts, item scores, population values — also through
 * computed values.
 */
export function streamable(e: ExprIR, p: Program, seen = new Set<string>()): boolean {
  switch (e.op) {
    case 'count':
    case 'node':
    case 'pop':
    case 'self-score':
    case 'total':
      return false;
    case 'computed': {
      if (seen.has(e.name)) return true;
      seen.add(e.name);
      const c = p.computed.find((x) => x.name === e.name);
      return !c || streamable(p.exprs[c.expr]!, p, seen);
    }
    default:
      for (const v of Object.values(e)) {
        if (v && typeof v === 'object') {
          if (Array.isArray(v)) {
            if (!v.every((x) => typeof x !== 'object' || streamable(x as ExprIR, p, seen))) return false;
          } else if ('op' in v && !streamable(v as ExprIR, p, seen)) return false;
        }
      }
      return true;
  }
}

/** 【x】为“甲”、“乙” (or 不为): an attribute compared with constant texts; a bare condition's truthy() changes nothing. */
function attrTest(e: ExprIR): AttrTest | undefined {
  while (e.op === 'truthy') e = e.a;
  if (e.op !== 'cmp' || (e.cmp !== '==' && e.cmp !== '!=') || e.a.op !== 'attr' || BUILTIN_ATTRS.has(e.a.name)) return undefined;
  const values = new Set<string>();
  for (const b of e.b) {
    if (b.op !== 'str' && b.op !== 'date') return undefined;
    values.add(b.value);
  }
  return { attr: e.a.name, values, negate: e.cmp === '!=' };
}

const cache = new WeakMap<Program, Plan>();

export function planOf(program: Program): Plan {
  let p = cache.get(program);
  if (!p) cache.set(program, (p = makePlan(program)));
  return p;
}

function makePlan(program: Program): Plan {
  const exprs = program.exprs;
  const constants = new Map<number, Rational>();
  exprs.forEach((e, i) => e.op === 'num' && constants.set(i, Rational.of(e.value)));
  const isConst = (i: number | undefined) => i !== undefined && exprs[i]!.op === 'num';

  // ── nodes and clauses, in document order ──
  const nodes: NodeInfo[] = [];
  const nodeById = new Map<string, NodeInfo>();
  const clauses: ClauseInfo[] = [];
  const owners: NodeInfo[] = [];
  const build = (n: NodeSpec, parent: NodeInfo | undefined, owner: NodeInfo | undefined): NodeInfo => {
    const name = `${n.label}${n.title ? `「${n.title}」` : ''}`;
    const points = n.points !== undefined ? Rational.of(n.points) : undefined;
    const info: NodeInfo = {
      spec: n,
      index: nodes.length,
      ...(parent ? { parent } : {}),
      children: [],
      poolChild: parent !== undefined && !parent.spec.composite,
      name,
      ...(points ? { points } : {}),
      ...(n.floor !== undefined ? { floor: Rational.of(n.floor) } : {}),
      ...(n.capDeduct !== undefined ? { capDeduct: Rational.of(n.capDeduct) } : {}),
      ...(n.capAdd !== undefined ? { capAdd: Rational.of(n.capAdd) } : {}),
      capAddWithinPoints: Boolean(n.capAdd && points && Rational.of(n.capAdd).le(points)),
      rules: [],
      scoreShape: { name: `${name}得分`, unit: '分' },
    };
    nodes.push(info);
    nodeById.set(n.id, info);
    const own = n.sameMatterMax ? info : owner;
    if (n.sameMatterMax) {
      info.owner = { index: owners.length, clauses: [] };
      owners.push(info);
    }
    for (const r of n.rules) {
      const alts: ClauseInfo[] = [];
      for (const c of r.alternatives) {
        const ci: ClauseInfo = {
          spec: c,
          index: clauses.length,
          node: info,
          ...(own && c.form.kind === 'events' ? { matterOwner: own } : {}),
          ...(c.cap !== undefined ? { cap: Rational.of(c.cap) } : {}),
        };
        clauses.push(ci);
        alts.push(ci);
        // every item with 同一事项取最高 at or above lists the clause
        for (let a: NodeInfo | undefined = info; a; a = a.parent) a.owner?.clauses.push(ci);
      }
      info.rules.push(alts);
    }
    for (const c of n.children) info.children.push(build(c, info, own));
    return info;
  };
  const top = program.nodes.map((n) => build(n, undefined, undefined));

  // ── values ──
  const inputs = new Map(program.inputs.map((i) => [i.name, { shape: shapeOf(i.name, i.type), spec: i }]));
  const params = new Map(program.params.map((i) => [i.name, { shape: shapeOf(i.name, i.type), spec: i }]));
  const computed = new Map<string, { shape: FactShape; expr: number }>();
  for (const c of program.computed) if (!computed.has(c.name)) computed.set(c.name, { shape: shapeOf(c.name, c.type), expr: c.expr });
  const kindShapes = new Map<string, FactShape>();
  for (const e of program.events) if (!kindShapes.has(e.name)) kindShapes.set(e.name, { name: e.name, ...(e.unit ? { unit: e.unit } : {}) });
  const attrDefaults = new Map<string, Map<string, number>>();
  for (const ev of program.events) {
    const m = new Map<string, number>();
    for (const a of ev.attrs) if (a.missing !== undefined) m.set(a.name, a.missing);
    if (m.size) attrDefaults.set(ev.name, m);
  }

  // ── per event kind ──
  let numbers = 0;
  // Counts by kind (without a filter) and filtered counts, as expressions ask for them.
  const counted = new Set<string>();
  const filtersByKind = new Map<string, number[]>();
  exprs.forEach((e) => {
    const visit = (x: ExprIR): void => {
      if (x.op === 'count') {
        if (x.filter !== undefined) {
          let list = filtersByKind.get(x.event);
          if (!list) filtersByKind.set(x.event, (list = []));
          if (!list.includes(x.filter)) list.push(x.filter);
        } else counted.add(x.event);
      }
      for (const v of Object.values(x)) {
        if (v && typeof v === 'object') (Array.isArray(v) ? v : [v]).forEach((y) => y && typeof y === 'object' && 'op' in y && visit(y));
      }
    };
    visit(e);
  });
  const filterSlots = new Map<number, number>();
  const kinds = new Map<string, KindPlan>();
  for (const ev of program.events) {
    if (kinds.has(ev.name)) continue;
    const countSlot = counted.has(ev.name) ? numbers++ : -1;
    const filters: FilterPlan[] = (filtersByKind.get(ev.name) ?? []).map((f) => {
      let slot = filterSlots.get(f);
      if (slot === undefined) filterSlots.set(f, (slot = numbers++));
      const test = attrTest(exprs[f]!);
      return { expr: f, slot, deferred: !streamable(exprs[f]!, program), ...(test ? { test } : {}) };
    });
    kinds.set(ev.name, {
      name: ev.name,
      charge: ev.charge.map((c) => ({ attr: c.attr, share: Rational.of(c.share) })),
      countSlot,
      filters,
      clauses: [],
      ...(ev.unit ? { unit: ev.unit } : {}),
      countShape: kindShapes.get(ev.name)!,
    });
  }

  // Per-occurrence rules, in document order, under their kind.
  const visit = (n: NodeInfo, underMatter: boolean) => {
    const keep = underMatter || n.spec.sameMatterMax;
    for (const alts of n.rules) {
      for (const ci of alts) {
        const c = ci.spec;
        const f = c.form;
        if (f.kind !== 'events') continue;
        const idx = [f.filter, f.rate, ...f.tiers.flatMap((t) => [t.when, t.rate]), ...f.multipliers.map((m) => m.when)];
        const deferred = idx.some((i) => i !== undefined && !streamable(exprs[i]!, program));
        const ownersOf: NodeInfo[] = [];
        for (let a: NodeInfo | undefined = n; a; a = a.parent) if (a.owner) ownersOf.push(a);
        const filterTest = f.filter !== undefined ? attrTest(exprs[f.filter]!) : undefined;
        const tests = f.tiers.map((t) => attrTest(exprs[t.when]!));
        let tierLookup: FoldPlan['tierLookup'];
        if (tests.length && tests.every((t) => t && !t.negate && t.attr === tests[0]!.attr)) {
          const tiers = new Map<string, number>();
          tests.forEach((t, i) => t!.values.forEach((v) => tiers.has(v) || tiers.set(v, i)));
          tierLookup = { attr: tests[0]!.attr, tiers };
        }
        const range = (r: [string, string] | undefined): [Rational, Rational] | undefined => (r ? [Rational.of(r[0]), Rational.of(r[1])] : undefined);
        const plan: FoldPlan = {
          clause: ci,
          form: f,
          node: n.spec,
          ...(n.spec.period ? { period: n.spec.period } : {}),
          keepMatters: keep && c.sign !== 'deduct',
          owners: ownersOf,
          deferred,
          ...(filterTest ? { filterTest } : {}),
          ...(tierLookup ? { tierLookup } : {}),
          ranges: [range(f.discretionary), ...f.tiers.map((t) => range(t.discretionary))],
          factors: f.multipliers.map((m) => Rational.of(m.factor)),
          ...(f.floorEach !== undefined ? { floorEach: Rational.of(f.floorEach) } : {}),
        };
        // Whole-number counters: every rate a constant, no 视情, no per-occurrence floor, not per quarter.
        const fast =
          !deferred &&
          !c.quarterly &&
          f.floorEach === undefined &&
          f.multipliers.length <= 6 &&
          !f.discretionary &&
          f.tiers.every((t) => isConst(t.rate)) &&
          (f.rate === undefined || isConst(f.rate));
        if (fast) {
          const nMult = f.multipliers.length;
          const slots = (f.tiers.length + 1) << nMult;
          const ff: FastFold = {
            nMult,
            slots,
            counts: numbers,
            first: numbers + slots,
            outside: numbers + 2 * slots,
            unit: [],
            rate: [],
            label: [],
            words: [],
            den: 1n,
            unitNum: [],
          };
          numbers += 2 * slots + 1;
          for (let s = 0; s < slots; s++) {
            const tier = (s >> nMult) - 1;
            const mask = s & ((1 << nMult) - 1);
            const t = tier >= 0 ? f.tiers[tier]! : undefined;
            const rate = t ? constants.get(t.rate!)! : f.rate !== undefined ? constants.get(f.rate)! : Rational.ZERO;
            let factor = Rational.ONE;
            let words: string | undefined;
            f.multipliers.forEach((m, i) => {
              if (!(mask & (1 << i))) return;
              factor = factor.mul(plan.factors[i]!);
              words = words ? `${words}，${m.label}${m.word}` : `${m.label}${m.word}`;
            });
            ff.rate.push(rate);
            ff.unit.push(mask ? rate.mul(factor) : rate);
            ff.label.push(t ? t.label : f.rate !== undefined ? f.event : `${f.event}（未列入分级）`);
            ff.words.push(words);
          }
          const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
          for (const u of ff.unit) ff.den = (ff.den / gcd(ff.den, u.d)) * u.d;
          for (const u of ff.unit) {
            const x = u.n * (ff.den / u.d);
            ff.unitNum.push(x <= 4503599627370496n && x >= -4503599627370496n ? Number(x) : Number.NaN);
          }
          plan.fast = ff;
        }
        ci.fold = plan;
        kinds.get(f.event)?.clauses.push(plan);
      }
    }
    for (const ch of n.children) visit(ch, keep);
  };
  top.forEach((n) => visit(n, false));

  return { nodes, nodeById, top, clauses, owners, inputs, params, computed, kinds, kindShapes, filterSlots, numbers, constants, attrDefaults };
}
