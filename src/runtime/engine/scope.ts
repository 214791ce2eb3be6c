/** The scope expressions are evaluated in: one object, at one item (named in error messages). */
import { describeSource } from '../errors.js';
import type { NodeSpec } from '../program.js';
import { Rational } from '../rational.js';
import type { Engine, ExprFn, Scope } from './engine.js';
import type { ChargedEvent } from './events.js';
import type { ObjectState } from './state.js';
import type { Value } from './ops.js';

export class ObjectScope implements Scope {
  constructor(
    private eng: Engine,
    public o: ObjectState,
    public at: NodeSpec | undefined,
  ) {}
  get object(): string {
    return this.o.name;
  }
  input(name: string): Value {
    return this.eng.input(this.o, name, this.at, false);
  }
  param(name: string): Value {
    return this.eng.input(this.o, name, this.at, true);
  }
  computed(name: string): Value {
    return this.eng.computed(this.o, name, this.at);
  }
  node(id: string): Rational {
    const eng = this.eng;
    const n = eng.plan.nodeById.get(id)!;
    const v = eng.quiet(() => eng.scoreAt(this.o, n));
    eng.note(n.scoreShape, v);
    return v;
  }
  count(event: string, filter?: number): Rational {
    return this.eng.count(this.o, event, filter);
  }
  attr(e: ChargedEvent | undefined, name: string): Value {
    if (!e) throw this.eng.problem(this.o, this.at, 'D1006', `【${name}】只能在关于事件的规则中使用`);
    const d = e.data;
    let v: Value | undefined;
    switch (name) {
      case '对象':
        v = d.object;
        break;
      case '日期':
        v = d.date;
        break;
      case '数量':
        v = d.count ?? Rational.ONE;
        break;
      case '分值':
        v = d.amount;
        break;
      case '事项':
        v = d.matter;
        break;
      case '编号':
        v = d.id;
        break;
      default:
        v = d.attrs[name];
    }
    if (v === undefined) {
      const dflt = this.eng.plan.attrDefaults.get(d.kind)?.get(name);
      if (dflt !== undefined) return this.eng.E[dflt]!(this, e);
      throw this.eng.problem(
        this.o,
        this.at,
        'D1001',
        `事件【${d.kind}】缺少【${name}】${d.source ? `（${describeSource(d.source)}）` : ''}`,
        d.source ? { source: d.source } : {},
      );
    }
    return v;
  }
  pop(key: number, fn: 'avg' | 'sum' | 'max' | 'min', arg: ExprFn, filter?: ExprFn): Rational {
    return this.eng.pop(this.o, key, fn, arg, filter, this.at);
  }
  selfScore(): Rational {
    if (!this.at) throw this.eng.problem(this.o, undefined, 'D1006', '“本项得分”只能用在考核项目中');
    return this.eng.baseScore(this.o, this.at);
  }
  selfPoints(): Rational {
    if (this.at?.points === undefined) return Rational.ZERO;
    return this.eng.plan.nodeById.get(this.at.id)!.points!;
  }
  total(): Rational {
    let t = Rational.ZERO;
    for (const n of this.eng.plan.top) t = t.add(this.eng.quiet(() => this.eng.scoreAt(this.o, n)));
    return t;
  }
}
