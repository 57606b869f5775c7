/**
 * `dom.lxc`: libvirt-lxc's calls that make sense from a library — the file descriptors of a container's
 * namespaces. The others (`virDomainLxcEnterNamespace`, `virDomainLxcEnterCGroup`,
 * `virDomainLxcEnterSecurityLabel`) change the namespaces, cgroup or security label of the calling thread or
 * process, and every call of this SDK runs on a shared worker thread: they are left to `libvirt-ts/raw`'s
 * synchronous binding, in a process (or thread) of your own. Only the LXC driver has these: elsewhere the call
 * rejects with `NO_SUPPORT`.
 */
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';

/**
 * `dom.lxc`: libvirt-lxc's calls that make sense from a library: the file descriptors of a container's
 * namespaces. Only the LXC driver has them; elsewhere a call rejects with `NO_SUPPORT`.
 */
export class DomainLxc {
  readonly #handle: () => Handle;

  /** @internal Reached as `dom.lxc`. */
  constructor(handle: () => Handle) {
    this.#handle = handle;
  }

  /**
   * Opens the container's namespaces (`virDomainLxcOpenNamespace`): one file descriptor per namespace, now
   * owned by this process — close each with `fs.closeSync` (or pass it to `setns` in a process of your own).
   */
  async openNamespaces(): Promise<number[]> {
    return call('virDomainLxcOpenNamespace', this.#handle(), 0);
  }
}
