/**
 * R33–R35 for grade bands: the bands cover every reachable total exactly once (a gap or an
 * overlap is an error that names the scores), a band with a quota says what becomes of objects
 * above its bar outside the quota (R34), and when vetoes exist a band says what a vetoed object
 * is rated (R35).
 */
import { Rational } from '../../runtime/rational.js';
import type * as A from '../../syntax/ast.js';
import { blockOf } from '../../syntax/walk.js';
import type { CheckContext } from '../context.js';
import { totalPoints } from './points.js';

interface End {
  value: Rational;
  closed: boolean;
}
interface Interval {
  band: A.GradeBand;
  lo?: End;
  hi?: End;
}

function wellFormed(b: A.GradeBand): boolean {
  return !(b.bounds.length === 2 && b.bounds[0]!.op.startsWith('>') === b.bounds[1]!.op.startsWith('>'));
}

function intervalOf(band: A.GradeBand): Interval {
  const iv: Interval = { band };
  for (const b of band.bounds) {
    const value = Rational.of(b.value.value);
    if (b.op === '>=' || b.op === '>') iv.lo = { value, closed: b.op === '>=' };
    else iv.hi = { value, closed: b.op === '<=' };
  }
  return iv;
}

function fmtEnd(e: End | undefined, side: 'lo' | 'hi'): string {
  if (!e) return side === 'lo' ? '负无穷' : '正无穷';
  return `${e.value.toString()}分（${e.closed ? '含' : '不含'}）`;
}

/** Is `a` strictly below `b` as a lower end (a starts earlier)? */
function loBefore(a: End | undefined, b: End | undefined): boolean {
  if (!a) return b !== undefined;
  if (!b) return false;
  const c = a.value.cmp(b.value);
  return c < 0 || (c === 0 && a.closed && !b.closed);
}

export function checkGrades(ctx: CheckContext): void {
  const grades = blockOf(ctx.ast, 'Grades');
  const veto = blockOf(ctx.ast, 'Veto');
  if (!grades) return;
  const labels = new Set(grades.bands.map((b) => b.label));
  const rests = grades.bands.filter((b) => b.rest);
  for (const b of grades.bands) {
    if (!b.rest && !b.bounds.length) ctx.report('E6007', b.labelSpan, `等次“${b.label}”没有写分数界限`);
    if (!wellFormed(b)) {
      ctx.report('E6007', b.span, `等次“${b.label}”的两个界限方向相同，应一个“以上”、一个“以下”`);
    }
    if (b.quota && !b.outsideQuota) {
      ctx.report('E6003', b.quota.span, `“${b.label}”限${b.quota.count}名，未写明名额外的单位评为什么`, {
        hint: `在同一行写：名额外的评为“${grades.bands[grades.bands.indexOf(b) + 1]?.label ?? '…'}”`,
      });
    }
    for (const ref of [b.outsideQuota, b.vetoTo]) {
      if (ref && !labels.has(ref.label))
        ctx.report('E2008', ref.span, `“${ref.label}”不是已定义的等次`, { hint: `已定义：${[...labels].map((l) => `“${l}”`).join('、')}` });
    }
  }
  if (rests.length > 1) ctx.report('E6007', rests[1]!.span, '只能有一个等次写“其余”');
  // With a malformed band (E6007) the coverage would only add misleading gaps and overlaps.
  if (grades.bands.some((b) => !b.rest && (!b.bounds.length || !wellFormed(b))) || rests.length > 1) return;
  if (veto?.conditions.length && !grades.bands.some((b) => b.vetoTo)) {
    ctx.report('E6004', veto.span, '设了否优条件，但等次中未写明否优单位评为什么', {
      hint: '在最高等次一行写：否优的评为“良好”',
    });
  }

  // Coverage of [0, top] where top is the highest reachable total (满分 plus bonuses outside it).
  const total = totalPoints(ctx);
  const bonus = Rational.sum(ctx.roots.filter((r) => r.outsideTotal && r.points !== undefined).map((r) => Rational.of(r.points!)));
  const domain: Interval = {
    band: grades.bands[0]!,
    lo: { value: Rational.ZERO, closed: true },
    ...(total !== undefined ? { hi: { value: Rational.of(total).add(bonus), closed: true } } : {}),
  };
  const ivs = grades.bands.filter((b) => !b.rest && b.bounds.length).map(intervalOf);
  ivs.sort((a, b) => (loBefore(a.lo, b.lo) ? -1 : loBefore(b.lo, a.lo) ? 1 : 0));
  // Overlaps between neighbours after sorting by lower end.
  for (let i = 0; i + 1 < ivs.length; i++) {
    const a = ivs[i]!;
    const b = ivs[i + 1]!;
    if (overlaps(a, b)) {
      // Name the overlap within the reachable range: never below 0.
      const from = loBefore(b.lo, domain.lo) ? domain.lo : b.lo;
      ctx.report(
        'E6002',
        b.band.span,
        `等次“${a.band.label}”与“${b.band.label}”的分数段重叠：${fmtEnd(from, 'lo')}至${fmtEnd(a.hi, 'hi')}的分数同时属于两个等次`,
        {
          related: [{ span: a.band.span, message: `“${a.band.label}”在此` }],
        },
      );
    }
  }
  if (rests.length) return;
  // Gaps: walk from the domain's bottom upward.
  let cursor: End | undefined = domain.lo;
  let cursorIsLo = true; // cursor is the lowest value not yet covered (a lower end)
  for (const iv of ivs) {
    if (loBefore(cursor, iv.lo) && cursorIsLo && (!domain.hi || !iv.lo || iv.lo.value.le(domain.hi.value))) {
      // The gap runs from the cursor up to just below iv.lo.
      const gapHi: End | undefined = iv.lo ? { value: iv.lo.value, closed: !iv.lo.closed } : undefined;
      gap(ctx, grades, cursor, gapHi);
    }
    if (!iv.hi) return;
    const next: End = { value: iv.hi.value, closed: !iv.hi.closed };
    if (loBefore(cursor, next)) cursor = next;
  }
  if (domain.hi && cursor && (cursor.value.lt(domain.hi.value) || (cursor.value.eq(domain.hi.value) && cursor.closed))) {
    gap(ctx, grades, cursor, domain.hi);
  }
}

function overlaps(a: Interval, b: Interval): boolean {
  // a starts no later than b; they overlap when b's lower end lies inside a.
  if (!a.hi || !b.lo) return true;
  const c = b.lo.value.cmp(a.hi.value);
  return c < 0 || (c === 0 && a.hi.closed && b.lo.closed);
}

function gap(ctx: CheckContext, grades: A.GradesBlock, lo: End | undefined, hi: End | undefined): void {
  ctx.report('E6001', grades.span, `等次未覆盖${fmtEnd(lo, 'lo')}至${fmtEnd(hi, 'hi')}之间的分数`, {
    hint: '每个可能的总分都须恰好属于一个等次；可用“其余”兜底',
  });
}
