// The guests every peer lists: small inactive QEMU guests with no disks, defined by the bench and undefined at
// its end (qemu:///system), or defined by each peer in its own in-process test:///default.
export const GUEST_PREFIX = 'lvts-bench-';

export function guestName(i: number): string {
  return `${GUEST_PREFIX}${String(i).padStart(2, '0')}`;
}

export function guestXml(i: number): string {
  return `<domain type='qemu'><name>${guestName(i)}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`;
}
