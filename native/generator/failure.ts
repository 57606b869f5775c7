// The failure convention of each function, read from its documented return value.
import type { ApiFunction } from './api-xml.js';
import { normalize } from './ctypes.js';

/**
 * - `negative`: an integer return of -1 (or any negative value) means failure.
 * - `null`: a pointer or string return of NULL means failure.
 * - `zero`: an unsigned return of 0 means failure (virDomainGetMaxMemory, virNodeGetFreeMemory).
 * - `all-ones`: `(unsigned int) -1` means failure (virDomainGetID; `(unsigned long long) -1` for
 *   virAdmClientGetID).
 * - `none`: the return value never signals failure (void, or NULL/0 is a normal answer).
 */
export type FailureConvention = 'negative' | 'null' | 'zero' | 'all-ones' | 'none';

/** Where the documentation is missing, wrong for our purpose, or NULL/-1 is a normal answer. */
const OVERRIDES: Readonly<Record<string, FailureConvention>> = {
  // NULL means "no error recorded", not a failure.
  virGetLastError: 'none',
  virConnGetLastError: 'none',
  // Always returns something (VIR_ERR_OK / VIR_FROM_NONE / a generic message).
  virGetLastErrorCode: 'none',
  virGetLastErrorDomain: 'none',
  virGetLastErrorMessage: 'none',
  // "does not raise an error, even when returning NULL"
  virTypedParamsGet: 'none',
  // NULL also means "this device has no parent" (the root device): the caller tells the two apart by
  // lastError().
  virNodeDeviceGetParent: 'none',
  // Documented only as "the number of secrets", but returns -1 on error like every NumOf function.
  virConnectNumOfSecrets: 'negative',
  // libvirt-admin: 64-bit returns documented as "-1 in case of an error".
  virAdmClientGetID: 'all-ones',
  virAdmClientGetTimestamp: 'negative',
};

export function failureOf(fn: ApiFunction): FailureConvention {
  const override = OVERRIDES[fn.name];
  if (override) return override;
  const type = normalize(fn.returns.type);
  const info = fn.returns.info;
  if (type === 'void') return 'none';
  if (type.includes('*') || type.endsWith('Ptr')) return 'null';
  if (type === 'int') return /-1|error|fail/i.test(info) ? 'negative' : 'none';
  if (/\(unsigned int\) -1/.test(info)) return 'all-ones';
  if (/\b0 in case of error|or 0 (in case of|on) error/i.test(info)) return 'zero';
  return 'none';
}
