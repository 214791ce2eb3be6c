/**
 * The result of comparing two rubrics (`rubric diff`): what changed in meaning, item by item.
 *
 * This is also the JSON the command prints with `--format json` (see `toJson` in report.ts for
 * the envelope). Every field is plain data; values are the texts a reader sees in the Markdown
 * report (Chinese, canonical spelling), so a program can show them without knowing the
 * language. The shape is versioned by `DIFF_FORMAT_VERSION`; fields are only ever added.
 */

export const DIFF_FORMAT_VERSION = 1;

/**
 * Every kind of change, in the order the report lists them within one item (item-level kinds
 * first, then rule-level kinds). The Chinese label is `KIND_LABEL[kind]`.
 */
export const CHANGE_KINDS = [
  // the rubric as a whole
  'header.title',
  'header.total',
  'header.period',
  'header.round',
  // items
  'item.added',
  'item.removed',
  'item.renumbered',
  'item.moved',
  'item.retitled',
  'item.points',
  'item.mode',
  'item.structure',
  'item.criterion',
  'item.cap',
  'item.floor',
  'item.override',
  'item.waiver',
  'item.other',
  // rules inside an item
  'rule.added',
  'rule.removed',
  'rule.form',
  'rule.sign',
  'rule.subject',
  'rule.condition',
  'rule.threshold',
  'rule.amount',
  'rule.step',
  'rule.tier-added',
  'rule.tier-removed',
  'rule.tier-amount',
  'rule.multiplier-added',
  'rule.multiplier-removed',
  'rule.multiplier-factor',
  'rule.rank',
  'rule.cap',
  'rule.floor',
  'rule.exempt',
  'rule.other',
  // declarations
  'decl.added',
  'decl.removed',
  'decl.kind',
  'decl.type',
  'decl.range',
  'decl.missing',
  'decl.group',
  'decl.expr',
  'decl.charge',
  // outcomes
  'grade.added',
  'grade.removed',
  'grade.band',
  'grade.quota',
  'grade.outside-quota',
  'grade.veto-to',
  'veto.changed',
  'veto.removed',
  'veto.added',
  'title.added',
  'title.removed',
  'title.changed',
  'result-use.added',
  'result-use.removed',
  'result-use.changed',
] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const KIND_LABEL: Record<ChangeKind, string> = {
  'header.title': '考核名称',
  'header.total': '满分',
  'header.period': '考核期',
  'header.round': '保留小数',
  'item.added': '新增项目',
  'item.removed': '删除项目',
  'item.renumbered': '重新编号',
  'item.moved': '移动',
  'item.retitled': '标题',
  'item.points': '分值',
  'item.mode': '计分方式',
  'item.structure': '计分结构',
  'item.criterion': '达标条件',
  'item.cap': '封顶',
  'item.floor': '保底',
  'item.override': '本项得分改写',
  'item.waiver': '免扣免加',
  'item.other': '其他',
  'rule.added': '新增规则',
  'rule.removed': '删除规则',
  'rule.form': '计分写法',
  'rule.sign': '扣加方向',
  'rule.subject': '计数对象',
  'rule.condition': '条件',
  'rule.threshold': '阈值',
  'rule.amount': '分值标准',
  'rule.step': '级差',
  'rule.tier-added': '新增分档',
  'rule.tier-removed': '删除分档',
  'rule.tier-amount': '分档分值',
  'rule.multiplier-added': '新增倍数',
  'rule.multiplier-removed': '删除倍数',
  'rule.multiplier-factor': '倍数',
  'rule.rank': '排名表',
  'rule.cap': '封顶',
  'rule.floor': '每次最低',
  'rule.exempt': '免扣条件',
  'rule.other': '其他',
  'decl.added': '新增声明',
  'decl.removed': '删除声明',
  'decl.kind': '声明种类',
  'decl.type': '类型',
  'decl.range': '范围',
  'decl.missing': '缺失时',
  'decl.group': '分组',
  'decl.expr': '计算式',
  'decl.charge': '计入',
  'grade.added': '新增等次',
  'grade.removed': '删除等次',
  'grade.band': '分数段',
  'grade.quota': '名额',
  'grade.outside-quota': '名额外评为',
  'grade.veto-to': '否优的评为',
  'veto.changed': '条件',
  'veto.removed': '删除',
  'veto.added': '新增',
  'title.added': '新增称号',
  'title.removed': '删除称号',
  'title.changed': '评定规则',
  'result-use.added': '新增',
  'result-use.removed': '删除',
  'result-use.changed': '加减分',
};

/**
 * One change. `old` and `new` are display texts; a side is absent when the thing does not
 * exist there (an added item has no `old`). Lines are 1-based source lines of each rubric.
 */
export interface Change {
  kind: ChangeKind;
  /**
   * Where the report groups it: a top-level item id (`（二）`), or `总体`, `声明`, `等次与否优`,
   * `评定与结果运用`.
   */
  group: string;
  /** The item, by id (number path) on each side: present for item.* and rule.* changes. */
  item?: { old?: string; new?: string };
  /**
   * The item as the report names it: 第5项「执法能力提升」, 第66项（原第67项）「创新经验」 (the new side's
   * number, the old one in parentheses when it changed; the old side's for a removed item).
   */
  label?: string;
  /**
   * The rule inside the item, 1-based: `"2"`, or `"1.2"` for the second 否则 alternative of
   * rule 1. Present for rule.* changes.
   */
  rule?: { old?: string; new?: string };
  /**
   * What inside the item, rule or block the change is about, when the kind alone does not say:
   * a tier (`【会议级别】为“全省性”`), a declaration (`输入【持证率】`), a band (`等次“优秀”`).
   */
  subject?: string;
  old?: string;
  new?: string;
  line: { old?: number; new?: number };
  /** For item.added and item.removed: the item's points, when it has any (for `--fail-on total`). */
  points?: string;
}

/** How an old item was paired with a new one (only pairs whose id or title differ are listed). */
export interface ItemMatch {
  old: string;
  new: string;
  /** number: same number path; title: same title; content: same names used (numbers and titles differ). */
  by: 'number' | 'title' | 'content';
  /** Other items that fit almost as well: the pairing is a guess the reader should check. */
  alternatives?: string[];
}

/** A pairing the matcher could not decide with confidence. */
export interface Ambiguity {
  /** `item` or `rule`. */
  what: 'item' | 'rule';
  /** The item (and for rules the position) on the old side. */
  old: string;
  /** What it was paired with, if anything. */
  new?: string;
  /** The other candidates on the new side, equally plausible. */
  candidates: string[];
  note: string;
}

/** The reachable scores of one level before and after (from the bounds analysis). */
export interface BoundsChange {
  /** Item id on each side; `总分` rows have neither. */
  item?: { old: string; new: string };
  label: string;
  old: { min?: string; max?: string };
  new: { min?: string; max?: string };
}

export interface RubricInfo {
  file: string;
  title: string;
  total?: string;
}

/** A group of the report: a top-level item (its id on the new side, or 原… when removed) or a block. */
export interface Group {
  id: string;
  label: string;
}

export interface DiffResult {
  old: RubricInfo;
  new: RubricInfo;
  /** The groups that have changes, in report order. */
  groups: Group[];
  changes: Change[];
  matches: ItemMatch[];
  ambiguities: Ambiguity[];
  /**
   * Absent when no bounds analysis was given. The total first (always), then every level with
   * points whose least or greatest reachable score moved, in the new rubric's order.
   */
  bounds?: BoundsChange[];
  /** Set instead of `bounds` when the bounds analysis failed on either rubric. */
  boundsError?: string;
}

/** The categories of the summary line, in order, with the kinds each one counts. */
export const SUMMARY: { key: string; label: (n: number) => string; kinds: ChangeKind[] }[] = [
  { key: 'itemsAdded', label: (n) => `新增${n}项`, kinds: ['item.added'] },
  { key: 'itemsRemoved', label: (n) => `删除${n}项`, kinds: ['item.removed'] },
  { key: 'itemsRenumbered', label: (n) => `重新编号${n}项`, kinds: ['item.renumbered'] },
  { key: 'itemsMoved', label: (n) => `移动${n}项`, kinds: ['item.moved'] },
  { key: 'itemsRetitled', label: (n) => `改标题${n}项`, kinds: ['item.retitled'] },
  { key: 'points', label: (n) => `分值变化${n}处`, kinds: ['item.points', 'header.total'] },
  { key: 'modes', label: (n) => `计分方式变化${n}处`, kinds: ['item.mode', 'item.structure'] },
  { key: 'caps', label: (n) => `封顶变化${n}处`, kinds: ['item.cap', 'rule.cap'] },
  { key: 'floors', label: (n) => `保底变化${n}处`, kinds: ['item.floor', 'rule.floor'] },
  { key: 'rulesAdded', label: (n) => `新增规则${n}条`, kinds: ['rule.added'] },
  { key: 'rulesRemoved', label: (n) => `删除规则${n}条`, kinds: ['rule.removed'] },
  {
    key: 'ruleChanges',
    label: (n) => `规则内容变化${n}处`,
    kinds: [
      'rule.form',
      'rule.sign',
      'rule.subject',
      'rule.condition',
      'rule.threshold',
      'rule.amount',
      'rule.step',
      'rule.tier-added',
      'rule.tier-removed',
      'rule.tier-amount',
      'rule.multiplier-added',
      'rule.multiplier-removed',
      'rule.multiplier-factor',
      'rule.rank',
      'rule.exempt',
      'rule.other',
      'item.criterion',
      'item.override',
      'item.waiver',
    ],
  },
  {
    key: 'declarations',
    label: (n) => `声明变化${n}处`,
    kinds: ['decl.added', 'decl.removed', 'decl.kind', 'decl.type', 'decl.range', 'decl.missing', 'decl.group', 'decl.expr', 'decl.charge'],
  },
  {
    key: 'grades',
    label: (n) => `等次变化${n}处`,
    kinds: ['grade.added', 'grade.removed', 'grade.band', 'grade.quota', 'grade.outside-quota', 'grade.veto-to'],
  },
  { key: 'vetoes', label: (n) => `否优变化${n}处`, kinds: ['veto.changed', 'veto.removed', 'veto.added'] },
  { key: 'titles', label: (n) => `评定变化${n}处`, kinds: ['title.added', 'title.removed', 'title.changed'] },
  { key: 'resultUse', label: (n) => `结果运用变化${n}处`, kinds: ['result-use.added', 'result-use.removed', 'result-use.changed'] },
  { key: 'other', label: (n) => `其他变化${n}处`, kinds: ['header.title', 'header.period', 'header.round', 'item.other'] },
];

/** Counts per summary category (every key present, zeros included). */
export function summarize(changes: readonly Change[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of SUMMARY) out[s.key] = changes.filter((c) => s.kinds.includes(c.kind)).length;
  return out;
}

/** Kinds that move points: `--fail-on total`. */
export const TOTAL_KINDS: readonly ChangeKind[] = ['header.total', 'item.points'];
/** Kinds that move a cap: `--fail-on caps`. */
export const CAP_KINDS: readonly ChangeKind[] = ['item.cap', 'rule.cap'];
