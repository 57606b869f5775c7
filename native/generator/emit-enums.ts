// Emits generated/enums.ts: every enum grouped by its C type, plus short-name forms where unambiguous.
import type { Api, ApiEnum, ApiEnumValue } from './api-xml.js';
import { HEADER, jsdoc, key, prose } from './source.js';

/**
 * `_LAST` sentinels grow with every libvirt release; they are not values. A sentinel is its enum's largest
 * value (or an alias such as VIR_DOMAIN_MEMORY_STAT_LAST = VIR_DOMAIN_MEMORY_STAT_NR, which reads as NaN):
 * VIR_NETWORK_UPDATE_COMMAND_ADD_LAST (3, below ADD_FIRST's 4) is a real value that also ends in _LAST.
 */
function isSentinel(v: ApiEnumValue, all: readonly ApiEnumValue[]): boolean {
  if (!/_LAST$/.test(v.name)) return false;
  return !Number.isFinite(v.value) || all.every((other) => other.value <= v.value);
}

function valueDoc(v: ApiEnumValue): string {
  return jsdoc(
    [prose(v.info), v.since ? `@since ${v.since}` : ''].filter((l, i) => i === 0 || l),
    '  ',
  );
}

/** Short names: strip the longest common `_`-separated prefix, backing off while that leaves a name empty,
 * starting with a digit, or duplicated. Undefined when no such prefix exists. */
export function shortNames(values: ApiEnumValue[]): Map<string, string> | undefined {
  if (values.length === 0) return undefined;
  const split = values.map((v) => v.name.split('_'));
  let common = 0;
  const first = split[0]!;
  while (common < first.length && split.every((parts) => parts[common] === first[common])) common++;
  for (let n = common; n > 0; n--) {
    const names = split.map((parts) => parts.slice(n).join('_'));
    const ok = names.every((s) => s !== '' && !/^\d/.test(s)) && new Set(names).size === names.length;
    if (ok) return new Map(values.map((v, i) => [v.name, names[i]!]));
  }
  return undefined;
}

function shortGroupName(name: string): string {
  return name.replace(/^vir/, '');
}

function emitGroup(e: ApiEnum, shortTaken: Set<string>): string {
  const values = e.values.filter((v) => !isSentinel(v, e.values));
  const head = jsdoc(
    [prose(e.doc) || `Values of the C enum \`${e.name}\`.`, e.since ? `@since ${e.since}` : ''].filter(
      Boolean,
    ),
  );
  const body = values.map((v) => `${valueDoc(v)}  ${v.name}: ${v.value},`).join('\n');
  let out = `${head}export const ${e.name} = {\n${body}\n} as const;\n`;
  out += values.length
    ? `export type ${e.name} = (typeof ${e.name})[keyof typeof ${e.name}];\n`
    : `export type ${e.name} = never;\n`;
  const shorts = shortNames(values);
  const group = shortGroupName(e.name);
  if (shorts && group !== e.name && !shortTaken.has(group)) {
    shortTaken.add(group);
    const sbody = values.map((v) => `${valueDoc(v)}  ${key(shorts.get(v.name)!)}: ${v.value},`).join('\n');
    out += `\n${jsdoc([`Short names for \`${e.name}\`.`])}export const ${group} = {\n${sbody}\n} as const;\n`;
    out += `export type ${group} = ${e.name};\n`;
  }
  return out;
}

export function emitEnums(api: Api, reservedNames: ReadonlySet<string>): string {
  const taken = new Set<string>([...reservedNames, ...api.enums.map((e) => e.name)]);
  return `${HEADER}\n${api.enums.map((e) => emitGroup(e, taken)).join('\n')}`;
}
