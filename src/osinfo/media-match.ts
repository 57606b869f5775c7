/**
 * libosinfo's media matching (osinfo_db_identify_media, osinfo_media_matches), for detect(): every OS in the
 * database's order, its media sorted as libosinfo sorts them, and a rule matches when each identifier it
 * gives is a regular expression found in the ISO's (unanchored, case-sensitive, as GLib's
 * g_regex_match_simple) and its volume size, when it gives one, is the ISO's. A rule giving nothing matches
 * nothing.
 */
import type { IsoIdentity } from './iso9660.js';
import type { OsinfoMedia } from './types.js';

const compiled = new Map<string, RegExp | null>();

function regex(pattern: string): RegExp | null {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      try {
        re = new RegExp(pattern);
      } catch {
        re = null; // GLib refuses it too: that rule never matches
      }
    }
    compiled.set(pattern, re);
  }
  return re;
}

function matchOne(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (value === undefined) return false;
  const re = regex(pattern);
  return re ? re.test(value) : false;
}

export function mediaMatches(rule: OsinfoMedia, iso: Omit<IsoIdentity, 'bootable'>): boolean {
  if (
    rule.volumeId === undefined &&
    rule.systemId === undefined &&
    rule.publisherId === undefined &&
    rule.applicationId === undefined &&
    (rule.volumeSize ?? 0) <= 0
  ) {
    return false;
  }
  return (
    matchOne(rule.volumeId, iso.volumeId) &&
    matchOne(rule.applicationId, iso.applicationId) &&
    matchOne(rule.systemId, iso.systemId) &&
    matchOne(rule.publisherId, iso.publisherId) &&
    ((rule.volumeSize ?? 0) <= 0 || rule.volumeSize === iso.volumeSize)
  );
}

/** libosinfo's media_volume_compare: a volume id containing the other's sorts first; without both, equal. */
function volumeCompare(a: OsinfoMedia, b: OsinfoMedia): number {
  if (a.volumeId === undefined || b.volumeId === undefined) return 0;
  return a.volumeId.includes(b.volumeId) ? -1 : 1;
}

/**
 * GLib's g_list_sort, exactly (a merge sort whose first half is ⌊n/2⌋ long, taking from the left on ≤ 0):
 * the comparator above is no order, so only the same algorithm gives libosinfo's order.
 */
export function glibListSort<T>(list: readonly T[], cmp: (a: T, b: T) => number): T[] {
  if (list.length < 2) return [...list];
  const mid = Math.floor(list.length / 2);
  const l = glibListSort(list.slice(0, mid), cmp);
  const r = glibListSort(list.slice(mid), cmp);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < l.length && j < r.length) {
    if (cmp(l[i] as T, r[j] as T) <= 0) out.push(l[i++] as T);
    else out.push(r[j++] as T);
  }
  while (i < l.length) out.push(l[i++] as T);
  while (j < r.length) out.push(r[j++] as T);
  return out;
}

export function sortedMedia(media: readonly OsinfoMedia[]): OsinfoMedia[] {
  return glibListSort(media, volumeCompare);
}
