import type { XmlExtra, XmlNode } from './nodes.js';

/** Collects what one element keeps in `$extra` while it is read; allocates only what is used. */
export class Kept {
  extra: XmlExtra | undefined;
  order: string[] = [];
  inOrder = true;

  get #x(): XmlExtra {
    if (!this.extra) this.extra = {};
    return this.extra;
  }

  attr(name: string, value: string): void {
    const x = this.#x;
    if (!x.attrs) x.attrs = {};
    setOwn(x.attrs, name, value);
  }

  spell(key: string, value: string): void {
    const x = this.#x;
    if (!x.spell) x.spell = {};
    x.spell[key] = value;
  }

  /** The content, text and comments, of a value that comments split. */
  content(key: string, nodes: XmlNode[]): void {
    const x = this.#x;
    if (!x.content) x.content = {};
    x.content[key] = nodes;
  }

  /** An unknown node at this point of the children. */
  node(node: XmlNode): void {
    const x = this.#x;
    if (!x.nodes) x.nodes = [];
    x.nodes.push(node);
    this.order.push('#');
    this.inOrder = false;
  }

  /** An unknown node before all children (text a text field could not read). */
  firstNode(node: XmlNode): void {
    const x = this.#x;
    if (!x.nodes) x.nodes = [];
    x.nodes.unshift(node);
    this.order.unshift('#');
    this.inOrder = false;
  }

  /** The finished `$extra`, with the order recorded only when writing would not reproduce it. */
  finish(): XmlExtra | undefined {
    if (!this.inOrder) this.#x.order = this.order;
    return this.extra;
  }
}

/** Set a property even when its name is `__proto__` (plain assignment would change the prototype instead). */
export function setOwn(target: Record<string, string>, name: string, value: string): void {
  if (name === '__proto__')
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}
