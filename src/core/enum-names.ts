/**
 * Names for libvirt's enum values, derived from the generated tables so no number is written by hand:
 * `StoragePoolState.RUNNING` is `'running'`, `NetworkUpdateSection.IP_DHCP_HOST` is `'ip-dhcp-host'` (virsh's
 * spelling).
 */

/** `IP_DHCP_HOST` → `'ip-dhcp-host'` at the type level. */
export type KebabName<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Lowercase<Head>}-${KebabName<Tail>}`
  : Lowercase<S>;

/** The names of an enum table (`{ RUNNING: 2, … }`) in kebab case. */
export type EnumName<T extends Readonly<Record<string, number>>> = KebabName<keyof T & string>;

function kebab(name: string): string {
  return name.toLowerCase().replaceAll('_', '-');
}

/** Both directions between an enum's values and their names, with the names listed for messages. */
export interface EnumNames<N extends string> {
  readonly names: readonly N[];
  /** The name of `value`, or `undefined` for a value this libvirt-ts does not know (a newer libvirt). */
  nameOf(value: number): N | undefined;
  valueOf(name: N): number;
}

/** Names for `table`, leaving out the ones in `omit` (`NONE`, placeholders that are not real choices). */
export function enumNames<T extends Readonly<Record<string, number>>, O extends keyof T & string = never>(
  table: T,
  omit: readonly O[] = [],
): EnumNames<EnumName<Omit<T, O>>> {
  type N = EnumName<Omit<T, O>>;
  const byName = new Map<string, number>();
  const byValue = new Map<number, string>();
  for (const [key, value] of Object.entries(table)) {
    if ((omit as readonly string[]).includes(key)) continue;
    byName.set(kebab(key), value);
    if (!byValue.has(value)) byValue.set(value, kebab(key));
  }
  return {
    names: [...byName.keys()] as N[],
    nameOf: (value) => byValue.get(value) as N | undefined,
    valueOf: (name) => {
      const value = byName.get(name);
      if (value === undefined) throw new RangeError(`unknown name '${name}'`);
      return value;
    },
  };
}
