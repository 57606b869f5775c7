// Decodes libvirt's thread-local error in place: virGetLastError() is borrowed, never copied (virCopyLastError
// into JS memory leaks its strdup'd strings).
import type { ErrorData } from './call-failure.js';
import { decodeStruct } from './structs.js';

export function decodeError(ptr: bigint | null): ErrorData | null {
  if (ptr === null || ptr === 0n) return null;
  const e = decodeStruct('virError', ptr);
  return {
    code: e.code as number,
    domain: e.domain as number,
    message: (e.message as string | null) ?? '',
    level: e.level as number,
    str1: e.str1 as string | null,
    str2: e.str2 as string | null,
    str3: e.str3 as string | null,
    int1: e.int1 as number,
    int2: e.int2 as number,
  };
}
