import type { Handle } from '../native/handles.js';
import { call } from '../native/libvirt.js';
import { type DomainInfo, domainStateName } from './values.js';

/**
 * A libvirt domain (a virtual machine). Holds one libvirt reference, released by `free()`, `await using`, the
 * connection's `close()`, or — as a safety net — garbage collection. After that every method rejects with a
 * LibvirtError instead of reaching C.
 */
export class Domain {
  readonly #handle: Handle;

  /** @internal Domains come from `hv.domains`; the constructor is not public API. */
  constructor(
    handle: Handle,
    /** The domain's name at the time it was looked up. */
    readonly name: string,
    /** The domain's UUID, e.g. "6695eb01-f6a4-8304-79aa-97f2502e193f". */
    readonly uuid: string,
  ) {
    this.#handle = handle;
  }

  /** State, memory, vCPUs and CPU time (`virDomainGetInfo`). */
  async info(): Promise<DomainInfo> {
    const info = await call('virDomainGetInfo', this.#handle);
    return {
      state: domainStateName(info.state),
      maxMemoryKiB: info.maxMem,
      memoryKiB: info.memory,
      vcpus: info.nrVirtCpu,
      cpuTimeNs: info.cpuTime,
    };
  }

  /** True once this object's reference was released. */
  get freed(): boolean {
    return this.#handle.freed;
  }

  /** Releases the libvirt reference (not the VM). Idempotent. */
  async free(): Promise<void> {
    await this.#handle.free();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.free();
  }

  toString(): string {
    return `Domain(${this.name})`;
  }
}
