/**
 * Events the engine could not count. An event counts for the objects named by its kind's 计入
 * attributes (at their shares), or for its 对象 field; one object named twice by one event counts
 * it once, at the larger share (R18 同扣). Events that cannot be counted are counted in the run's
 * issues instead: outside the period, of an unknown kind, for an unknown object. (The routing
 * itself is in Engine.addEvent, which looks the kind's plan up once per event.)
 */
import type { DataIssue, EventData, SourceRef } from '../model.js';
import type { Rational } from '../rational.js';

/** An event as a per-event expression sees it: the event, and the share of the object it is evaluated for. */
export interface ChargedEvent {
  data: EventData;
  share: Rational;
}

const MAX_EXAMPLES = 5;

export class IssueLog {
  private issues = new Map<DataIssue['kind'], DataIssue>();

  add(kind: DataIssue['kind'], message: string, source: SourceRef | undefined): void {
    let i = this.issues.get(kind);
    if (!i) this.issues.set(kind, (i = { kind, count: 0, message, examples: [] }));
    i.count++;
    if (source && i.examples.length < MAX_EXAMPLES) i.examples.push(source);
  }

  report(): DataIssue[] {
    return [...this.issues.values()];
  }
}

export const ISSUE = {
  unknownKind: '事件类型未在考核规则中声明，未计入',
  noObject: '事件没有写明计入哪个考核对象，未计入',
  unknownObject: '事件计入的考核对象不在数据的对象名单中，未计入',
  outsidePeriod: (p: { from: string; to: string }) => `事件日期不在考核期（${p.from}至${p.to}）内，未计入`,
};
