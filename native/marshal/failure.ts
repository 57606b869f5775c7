// Whether a C return value is the failure value of a function's failure convention.
import type { FailureConvention } from '../generated/meta.js';

/** `negative` means libvirt's error return, -1: some functions return other negatives as answers
 * (virStreamRecv: -2 would block, -3 hole). */
export function isFailure(convention: FailureConvention, result: unknown): boolean {
  switch (convention) {
    case 'negative':
      return result === -1 || result === -1n;
    case 'null':
      return result === null;
    case 'zero':
      return result === 0 || result === 0n;
    case 'all-ones':
      // (unsigned int) -1, or (unsigned long long) -1 (virAdmClientGetID), which koffi gives as a bigint.
      return result === 0xffffffff || result === 0xffffffffffffffffn;
    default:
      return false;
  }
}
