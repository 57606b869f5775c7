import { FUNCTIONS } from '../generated/functions.js';
import type { FunctionMeta } from '../generated/meta.js';
import { objectType } from '../tables/objects.js';
import { SHAPES } from '../tables/shapes.js';
import { createExecutor, type ReturnInfo } from './executor.js';

export type { CallOptions, Executor } from './executor.js';
export type { Lane } from './lanes.js';

const FUNCTION_META = FUNCTIONS as Readonly<Record<string, FunctionMeta>>;

/** The objects a function returns: its C return value, or (ListAll*, bulk stats) an array out-param. */
function returnInfo(fn: string): ReturnInfo | undefined {
  const meta = FUNCTION_META[fn];
  if (!meta) return undefined;
  if (meta.handle) return { kind: meta.handle.kind, free: meta.handle.free, borrowed: !meta.handle.owned };
  const roles = SHAPES[fn]?.roles ?? [];
  const index = roles.findIndex((r) => r.role === 'outHandles' || r.role === 'outStatsRecords');
  if (index < 0) return undefined;
  // `virDomainPtr **domains` / `virDomainStatsRecordPtr **retStats`: the element's object type.
  const type =
    roles[index]!.role === 'outStatsRecords' ? 'virDomainPtr' : meta.args[index]!.type.replace(/\s*\*+$/, '');
  const object = objectType(type);
  return object && { kind: object.kind, free: object.free, borrowed: false };
}

const RETURN_INFO = new Map<string, ReturnInfo | undefined>();
function cachedReturnInfo(fn: string): ReturnInfo | undefined {
  if (!RETURN_INFO.has(fn)) RETURN_INFO.set(fn, returnInfo(fn));
  return RETURN_INFO.get(fn);
}

/** The process-wide executor: every libvirt call made by this library runs through it. */
export const executor = createExecutor({ returns: cachedReturnInfo });
