/**
 * What libosinfo's loader and OS object do with the raw pieces: pieces with the same id are one OS (a later
 * file's values replace earlier ones, lists grow); devices and firmware are inherited along derives-from and
 * clones (the OS's own entries win, one marked supported="false" removes an inherited one); resources,
 * names and the rest are not inherited.
 */
import type { RawDeviceLink, RawOs } from './parse.js';
import type { OsinfoFirmware, OsinfoResources } from './types.js';

/** Adds a later piece of the same OS into `into` (mutates it). */
export function mergeInto(into: RawOs, p: RawOs): void {
  for (const s of p.shortIds) if (!into.shortIds.includes(s)) into.shortIds.push(s);
  Object.assign(into.fields, p.fields);
  into.derivesFrom.push(...p.derivesFrom);
  into.clones.push(...p.clones);
  into.upgrades.push(...p.upgrades);
  into.resources.minimum.push(...p.resources.minimum);
  into.resources.recommended.push(...p.resources.recommended);
  into.resources.maximum.push(...p.resources.maximum);
  into.resources.networkInstall.push(...p.resources.networkInstall);
  into.inheritResources.push(...p.inheritResources);
  into.devices.push(...p.devices);
  into.firmware.push(...p.firmware);
  into.variants.push(...p.variants);
  into.media.push(...p.media);
}

type Lookup = (id: string) => RawOs | undefined;

function parentsOf(os: RawOs): string[] {
  return [...os.derivesFrom, ...os.clones];
}

/** Device links with inheritance applied, unsupported ones included (the caller drops them). */
function allLinks(os: RawOs, lookup: Lookup, seen: Set<string>): RawDeviceLink[] {
  const out: RawDeviceLink[] = [];
  const have = new Set<string>();
  for (const l of os.devices) {
    if (have.has(l.id)) continue;
    have.add(l.id);
    out.push(l);
  }
  for (const pid of parentsOf(os)) {
    if (seen.has(pid)) continue;
    const parent = lookup(pid);
    if (!parent) continue;
    seen.add(pid);
    for (const l of allLinks(parent, lookup, seen)) {
      if (have.has(l.id)) continue;
      have.add(l.id);
      out.push(l);
    }
  }
  return out;
}

/** The supported devices of an OS, own and inherited. */
export function inheritedDevices(os: RawOs, lookup: Lookup): RawDeviceLink[] {
  return allLinks(os, lookup, new Set([os.id])).filter((l) => l.supported);
}

function allFirmware(os: RawOs, lookup: Lookup, seen: Set<string>): OsinfoFirmware[] {
  const out: OsinfoFirmware[] = [];
  const key = (f: OsinfoFirmware) => `${f.arch}\u0000${f.type}`;
  const have = new Set<string>();
  for (const f of os.firmware) {
    if (have.has(key(f))) continue;
    have.add(key(f));
    out.push(f);
  }
  for (const pid of parentsOf(os)) {
    if (seen.has(pid)) continue;
    const parent = lookup(pid);
    if (!parent) continue;
    seen.add(pid);
    for (const f of allFirmware(parent, lookup, seen)) {
      if (have.has(key(f))) continue;
      have.add(key(f));
      out.push(f);
    }
  }
  return out;
}

/** libosinfo's complete firmware list: own entries, then inherited ones for other (arch, type) pairs. */
export function inheritedFirmware(os: RawOs, lookup: Lookup): OsinfoFirmware[] {
  return allFirmware(os, lookup, new Set([os.id]));
}

/** The ids of an OS and of every OS it inherits from (derives-from, clones), transitively. */
export function ancestry(id: string, parents: (id: string) => readonly string[] | undefined): string[] {
  const out: string[] = [];
  const todo = [id];
  while (todo.length > 0) {
    const cur = todo.shift() as string;
    if (out.includes(cur)) continue;
    out.push(cur);
    for (const p of parents(cur) ?? []) todo.push(p);
  }
  return out;
}

type ResourceKind = keyof RawOs['resources'];

/**
 * Resources of one kind as libosinfo gives them (measured against it): the OS's own, plus, for each
 * `<resources arch="A" inherit="true"/>`, the entry for A of the OS it derives from (itself inherited the same
 * way). Nothing else is inherited.
 */
export function inheritedResources(
  os: RawOs,
  kind: ResourceKind,
  lookup: Lookup,
  seen: Set<string> = new Set(),
): OsinfoResources[] {
  const out = os.resources[kind].map((r) => ({ ...r }));
  if (os.inheritResources.length === 0 || seen.has(os.id)) return out;
  seen.add(os.id);
  const pid = os.derivesFrom[0];
  const parent = pid === undefined ? undefined : lookup(pid);
  const from = parent ? inheritedResources(parent, kind, lookup, seen) : [];
  for (const arch of os.inheritResources) {
    const r = from.find((x) => x.arch === arch);
    if (r) out.push({ ...r });
  }
  return out;
}

/**
 * virtinst's _is_related_to: the OS, or one it derives from, clones or upgrades (transitively), has this
 * first short id.
 */
export function relatedTo(os: RawOs, shortId: string, lookup: Lookup): boolean {
  const seen = new Set<string>();
  const todo: RawOs[] = [os];
  while (todo.length > 0) {
    const cur = todo.pop() as RawOs;
    if (seen.has(cur.id)) continue;
    seen.add(cur.id);
    if (cur.shortIds[0] === shortId) return true;
    for (const id of [...cur.derivesFrom, ...cur.clones, ...cur.upgrades]) {
      const rel = lookup(id);
      if (rel) todo.push(rel);
    }
  }
  return false;
}
