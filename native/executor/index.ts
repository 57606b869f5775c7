import { FUNCTIONS } from '../generated/functions.js';
import type { FunctionMeta } from '../generated/meta.js';
import { createExecutor, type ReturnInfo } from './executor.js';

export type { CallOptions, Executor } from './executor.js';
export type { Lane } from './lanes.js';

const FUNCTION_META = FUNCTIONS as Readonly<Record<string, FunctionMeta>>;

function returnInfo(fn: string): ReturnInfo | undefined {
  const handle = FUNCTION_META[fn]?.handle;
  return handle && { kind: handle.kind, free: handle.free, borrowed: !handle.owned };
}

/** The process-wide executor: every libvirt call made by this library runs through it. */
export const executor = createExecutor({ returns: returnInfo });
