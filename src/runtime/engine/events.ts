/**
 * Routing an event to the objects it counts for. An event counts for the objects named by its
 * kind's 计入 attributes (at their shares), or for its 对象 field. One object named twice by one
 * event counts it once, at the larger share (R18 同扣). Events that cannot be counted are counted
 * in the run's issues instead: outside the period, of an unknown kind, for an unknown object.
 */
import type { DataIssue, EventData, SourceRef } from '../model.js';
import type { Program } from '../program.js';
import { Rational } from '../rational.js';

export interface ChargedEvent {
  data: EventData;
  share: Rational;
}

const MAX_EXAMPLES = 5;

export class EventRouter {
  private kinds: Map<string, { attr: string; share: Rational }[]>;
  private issues = new Map<DataIssue['kind'], DataIssue>();

  constructor(
    private program: Program,
    private objects: Set<string>,
  ) {
    this.kinds = new Map(program.events.map((e) => [e.name, e.charge.map((c) => ({ attr: c.attr, share: Rational.of(c.share) }))]));
  }

  private issue(kind: DataIssue['kind'], message: string, source: SourceRef | undefined): void {
    let i = this.issues.get(kind);
    if (!i) this.issues.set(kind, (i = { kind, count: 0, message, examples: [] }));
    i.count++;
    if (source && i.examples.length < MAX_EXAMPLES) i.examples.push(source);
  }

  /** The objects an event counts for, with shares; empty (and counted in issues) if none. */
  route(ev: EventData): [string, Rational][] {
    const charge = this.kinds.get(ev.kind);
    if (!charge) {
      this.issue('unknown-kind', '事件类型未在考核规则中声明，未计入', ev.source);
      return [];
    }
    const { period } = this.program;
    if (period && ev.date && (ev.date < period.from || ev.date > period.to)) {
      this.issue('outside-period', `事件日期不在考核期（${period.from}至${period.to}）内，未计入`, ev.source);
      return [];
    }
    const targets = new Map<string, Rational>();
    if (charge.length) {
      for (const c of charge) {
        const who = ev.attrs[c.attr];
        if (typeof who === 'string' && who !== '') {
          const prev = targets.get(who);
          if (!prev || c.share.gt(prev)) targets.set(who, c.share);
        }
      }
    } else if (ev.object) {
      targets.set(ev.object, Rational.ONE);
    }
    if (!targets.size) {
      this.issue('no-object', '事件没有写明计入哪个考核对象，未计入', ev.source);
      return [];
    }
    const out: [string, Rational][] = [];
    for (const [who, share] of targets) {
      if (this.objects.has(who)) out.push([who, share]);
      else this.issue('unknown-object', '事件计入的考核对象不在数据的对象名单中，未计入', ev.source);
    }
    return out;
  }

  report(): DataIssue[] {
    return [...this.issues.values()];
  }
}
