/**
 * Items nest by their numbering style, as in official documents (GB/T 9704: 一、 > （一） > 1.
 * > （1））. The order is taken from the document itself: a style not yet open starts a deeper
 * level; a style already open closes back to its level. So Lishui's （一）/1. and Shaanxi's
 * 一、/（一）/1. both nest correctly, and so does Pingyang's 1./（一） where annexes sit under
 * the numbered components that refer to them.
 */
import type * as A from './ast.js';

export function nestNodes(body: A.TopLevel[], _flat: unknown[]): A.TopLevel[] {
  const out: A.TopLevel[] = [];
  let stack: A.ScoreNode[] = [];
  for (const item of body) {
    if (item.kind !== 'Node') {
      // Any other block ends the tree of items above it.
      stack = [];
      out.push(item);
      continue;
    }
    const level = stack.findIndex((n) => n.marker.style === item.marker.style);
    if (level >= 0) stack = stack.slice(0, level);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(item);
    else out.push(item);
    stack.push(item);
  }
  return out;
}
