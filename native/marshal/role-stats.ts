// Domain stats records (virConnectGetAllDomainStats, virDomainListGetStats).
import type { DomainStatsRecord, TypedParams } from '../generated/meta.js';
import type { ArgRole } from '../tables/shapes.js';
import { readPointers, slot, slotPointer } from './memory.js';
import type { RoleHandler } from './state.js';
import { decodeStruct } from './structs.js';

type Role<K extends ArgRole['role']> = Extract<ArgRole, { role: K }>;

/** Each record's domain belongs to the list, which virDomainStatsRecordListFree unrefs: take a reference
 * (virDomainRef) for the caller before freeing, so `dom` stays valid and is the caller's to free. */
export const outStatsRecordsRole: RoleHandler<Role<'outStatsRecords'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = slot(8);
  },
  collect(state, _role, i) {
    const list = slotPointer(state.cArgs[i] as Buffer);
    if (!list) return [];
    try {
      return readPointers(list, Number(state.ret)).map((p): DomainStatsRecord => {
        const record = decodeStruct('virDomainStatsRecord', p);
        const dom = record.dom as bigint;
        state.ctx.fns.virDomainRef!(dom);
        return { dom, params: record.params as TypedParams };
      });
    } finally {
      state.ctx.fns.virDomainStatsRecordListFree!(list);
    }
  },
};
