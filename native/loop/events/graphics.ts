// virConnectDomainEventGraphicsCallback passes two address structs and a subject struct by pointer; they
// are libvirt's and only valid during the callback, so they are copied out here.
import { layout } from '../../marshal/layouts.js';
import { readCString, readPointer, view } from '../../marshal/memory.js';
import { str } from './decode.js';
import type { EventField, EventFields } from './types.js';

function offsets(name: string): { size: number; at: (field: string) => number } {
  const l = layout(name);
  return { size: l.size, at: (field) => l.byName.get(field)!.offset };
}

function address(ptr: unknown): EventField {
  if (typeof ptr !== 'bigint' || ptr === 0n) return null;
  const l = offsets('virDomainEventGraphicsAddress');
  const dv = view(ptr, l.size);
  return {
    family: dv.getInt32(l.at('family'), true),
    node: readCString(readPointer(dv, l.at('node'))),
    service: readCString(readPointer(dv, l.at('service'))),
  };
}

function subject(ptr: unknown): EventField[] {
  if (typeof ptr !== 'bigint' || ptr === 0n) return [];
  const s = offsets('virDomainEventGraphicsSubject');
  const dv = view(ptr, s.size);
  const n = dv.getInt32(s.at('nidentity'), true);
  const list = readPointer(dv, s.at('identities'));
  if (n <= 0 || list === null) return [];
  const id = offsets('virDomainEventGraphicsSubjectIdentity');
  const items = view(list, id.size * n);
  const out: EventField[] = [];
  for (let i = 0; i < n; i++) {
    const base = i * id.size;
    out.push({
      type: readCString(readPointer(items, base + id.at('type'))),
      name: readCString(readPointer(items, base + id.at('name'))),
    });
  }
  return out;
}

/** (phase, local, remote, authScheme, subject) */
export function decodeGraphics(args: readonly unknown[]): EventFields {
  return {
    phase: args[0] as number,
    local: address(args[1]),
    remote: address(args[2]),
    authScheme: str(args[3]),
    subject: subject(args[4]),
  };
}
