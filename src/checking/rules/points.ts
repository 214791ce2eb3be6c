/**
 * R2: points add up at every level. A composite item's children sum to its points; the top
 * level sums to 满分. Children marked 不计入总分 (R4) are left out of the sum.
 */
import { Rational } from '../../runtime/rational.js';
import { describeNode } from '../../syntax/walk.js';
import type { CheckContext, NodeInfo } from '../context.js';

function sumPoints(nodes: NodeInfo[]): Rational {
  return Rational.sum(nodes.filter((n) => !n.outsideTotal && n.points !== undefined).map((n) => Rational.of(n.points!)));
}

export function checkPoints(ctx: CheckContext): void {
  for (const info of ctx.nodes) {
    if (!info.children.length || info.node.broken || info.children.some((c) => c.node.broken)) continue;
    const withPts = info.children.filter((c) => c.points !== undefined);
    const without = info.children.filter((c) => c.points === undefined);
    if (withPts.length && without.length) {
      ctx.report('E4002', without[0]!.node.span, `${describeNode(info.node)}的下级项目有的设了分值、有的没有`, {
        hint: '要么每个下级项目都写分值（合计等于上级），要么都不写（作为上级的扣分或加分条款）',
        related: [{ span: withPts[0]!.node.span, message: '设了分值的下级项目' }],
      });
      continue;
    }
    if (info.composite && info.points !== undefined) {
      const sum = sumPoints(info.children);
      if (!sum.eq(Rational.of(info.points))) {
        const parts = info.children
          .filter((c) => !c.outsideTotal)
          .map((c) => c.points)
          .join('+');
        ctx.report('E4001', info.node.span, `${describeNode(info.node)}为${info.points}分，下级项目合计${sum.toString()}分（${parts}），两者不符`, {
          hint: '检查下级项目的分值，或本项的分值',
        });
      }
    }
  }
  const full = ctx.headerQualifier('FullMarks');
  if (full && ctx.roots.length) {
    const missing = ctx.roots.filter((r) => r.points === undefined && !r.outsideTotal && !r.node.broken);
    for (const r of missing) {
      ctx.report('E4010', r.node.span, `${describeNode(r.node)}缺少分值：设了满分的考核，每个一级项目都须写分值`);
    }
    if (!missing.length && !ctx.roots.some((r) => r.node.broken)) {
      const sum = sumPoints(ctx.roots);
      if (!sum.eq(Rational.of(full.amount.value))) {
        const parts = ctx.roots
          .filter((r) => !r.outsideTotal)
          .map((r) => r.points)
          .join('+');
        ctx.report('E4001', full.span, `满分为${full.amount.value}分，一级项目合计${sum.toString()}分（${parts}），两者不符`);
      }
    }
  }
}

/** 满分 when declared; else the sum of the top level when every root has points. */
export function totalPoints(ctx: CheckContext): string | undefined {
  const full = ctx.headerQualifier('FullMarks');
  if (full) return full.amount.value;
  const counted = ctx.roots.filter((r) => !r.outsideTotal);
  if (counted.length && counted.every((r) => r.points !== undefined)) return sumPoints(counted).toString();
  return undefined;
}
