import type { ErrorData } from './protocol.js';

/**
 * What an executor worker needs from the C side. The real implementation wraps `createBinding()`; unit tests
 * substitute a fake table so the transport, queue and crash recovery can be tested without libvirt.
 */
export interface Ops {
  /**
   * Runs one call synchronously on this thread and returns its plain result. Throws when the call fails by
   * its failure convention (the thrown value carries the libvirt error, see `libvirtErrorOf`).
   */
  invoke(name: string, args: unknown[]): unknown;
  /** The libvirt error a value thrown by `invoke` carries, or null for any other exception. */
  libvirtErrorOf(thrown: unknown): ErrorData | null;
  /** Clears this thread's libvirt error before a call. */
  resetError(): void;
  /** `virConnectIsAlive(connection) === 1`: a local check, no RPC. */
  isAlive(connection: bigint): boolean;
  /** `virEventRegisterDefaultImpl()`; called at most once per process, before any connection opens. */
  registerEventImpl(): void;
}
