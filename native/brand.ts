/**
 * One class identity across copies of this package in one process. The ESM and the CJS build each carry their
 * own copy of every class (and so would two installed versions), so a plain `instanceof`
 * fails for an error thrown by one copy and tested against another. A branded class marks its prototype with a
 * `Symbol.for` key, global to the process, and its `static [Symbol.hasInstance]` looks for that key.
 * (src/xml/engine/brand.ts is the same code: the XML model imports nothing of ours.)
 */

const plainInstanceOf = Function.prototype[Symbol.hasInstance];

/** The process-wide brand of the class `name`: the same symbol in every copy of the package. */
export function brandOf(name: string): symbol {
  return Symbol.for(`libvirt-ts.${name}`);
}

/** Marks every instance of `cls` (through its prototype) with `brand`. */
export function markBrand(cls: abstract new (...args: never[]) => object, brand: symbol): void {
  Object.defineProperty(cls.prototype, brand, { value: true });
}

/**
 * `value instanceof self`, by brand when `self` is the branded class `cls` itself; a subclass that has no brand
 * of its own (a user's) keeps the ordinary prototype-chain test.
 */
export function isBranded(self: unknown, cls: unknown, brand: symbol, value: unknown): boolean {
  if (self !== cls) return plainInstanceOf.call(self as () => void, value);
  return typeof value === 'object' && value !== null && brand in value;
}
