import type { AnyField, ElementDesc } from './describe.js';
import type { Kind } from './kinds.js';

/** A description turned into lookup tables once, on first use. */
export interface CompiledAttr {
  readonly prop: string;
  readonly xml: string;
  readonly kind: Kind<unknown>;
}

export interface CompiledChild {
  readonly prop: string;
  readonly xml: string;
  /** Position among the child fields: the canonical writing order. */
  readonly index: number;
  readonly field: AnyField['field'];
  /** For leaf/leaves. */
  readonly kind: Kind<unknown> | undefined;
  /** For child/list: resolved lazily so descriptions may refer to each other (backing chains). */
  readonly el: (() => Compiled) | undefined;
}

export interface Compiled {
  readonly attrs: Map<string, CompiledAttr>;
  readonly attrList: CompiledAttr[];
  readonly text: { prop: string; kind: Kind<unknown> } | undefined;
  readonly children: Map<string, CompiledChild>;
  readonly childList: CompiledChild[];
  /** Property names the writer knows, plus `$extra`. */
  readonly props: Set<string>;
}

const cache = new WeakMap<ElementDesc<unknown>, Compiled>();

export function compile(desc: ElementDesc<unknown>): Compiled {
  const hit = cache.get(desc);
  if (hit) return hit;
  const attrs = new Map<string, CompiledAttr>();
  const children = new Map<string, CompiledChild>();
  const childList: CompiledChild[] = [];
  let text: Compiled['text'];
  const props = new Set<string>(['$extra']);
  for (const [prop, f] of Object.entries(desc.fields)) {
    props.add(prop);
    if (f.field === 'attr') {
      const xml = f.xml ?? prop;
      if (attrs.has(xml)) throw new Error(`description error: attribute '${xml}' described twice`);
      attrs.set(xml, { prop, xml, kind: f.kind });
    } else if (f.field === 'text') {
      if (text) throw new Error('description error: two text fields');
      text = { prop, kind: f.kind };
    } else {
      const xml = f.xml ?? prop;
      if (children.has(xml)) throw new Error(`description error: child element '${xml}' described twice`);
      const target = f.field === 'child' || f.field === 'list' ? f.el : undefined;
      let resolved: Compiled | undefined;
      const c: CompiledChild = {
        prop,
        xml,
        index: childList.length,
        field: f.field,
        kind: f.field === 'leaf' || f.field === 'leaves' ? f.kind : undefined,
        el:
          target === undefined
            ? undefined
            : () => {
                resolved ??= compile(typeof target === 'function' ? target() : target);
                return resolved;
              },
      };
      children.set(xml, c);
      childList.push(c);
    }
  }
  const compiled: Compiled = { attrs, attrList: [...attrs.values()], text, children, childList, props };
  cache.set(desc, compiled);
  return compiled;
}
