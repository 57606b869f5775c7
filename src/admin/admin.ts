/**
 * A connection to a daemon's admin interface (libvirt-admin.so.0, what `virt-admin` does): its servers, the
 * daemon's logging, its version. Calls run on the executor's worker threads like every libvirt call.
 */
import type { Handle } from '../../native/handles.js';
import { call, describeEach, describeOne } from '../../native/libvirt.js';
import { requireNonEmptyString, requireString, requireUint32 } from '../core/checks.js';
import { decodeVersion, type Version } from '../core/values.js';
import { type AdminServer, adminServer } from './server.js';

/** Read in the round trip that lists or looks up servers. */
const SERVER_DESCRIBERS = ['virAdmServerGetName'] as const;

/** A space-separated list as libvirt gives it (NULL or '' when empty). */
function words(text: string | null): string[] {
  return (text ?? '').split(/\s+/).filter((w) => w !== '');
}

/** Outputs or filters given as one string or a list, joined as libvirt expects them: space-separated. */
function joined(value: unknown, what: string): string {
  if (Array.isArray(value)) {
    return value
      .map((item, i) => {
        const text = requireString(item, `${what}[${i}]`);
        if (/\s/.test(text)) throw new TypeError(`${what}[${i}] must not contain spaces: '${text}'`);
        return text;
      })
      .join(' ');
  }
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string or an array of strings`);
  return requireString(value, what);
}

/**
 * A connection to a daemon's admin interface (libvirt-admin.so.0, what `virt-admin` does): its servers, the
 * daemon's logging, its version. `Admin.connect()` opens one (`virAdmConnectOpen`).
 */
export class Admin {
  /** The admin URI libvirt connected to, e.g. `libvirtd:///system` (`virAdmConnectGetURI`). */
  readonly uri: string;
  readonly #handle: Handle;

  private constructor(handle: Handle, uri: string) {
    this.#handle = handle;
    this.uri = uri;
  }

  /**
   * Opens a connection to a daemon's admin socket (`virAdmConnectOpen`). The URI names the daemon:
   * `libvirtd:///system`, `virtqemud:///system`, `virtnetworkd:///session`, …, or any of them with
   * `?socket=/path/to/admin-sock`. Without one, libvirt's default applies as for `virt-admin`:
   * `LIBVIRT_ADMIN_DEFAULT_URI`, then `uri_default` of libvirt-admin.conf, then `libvirtd:///system` for root
   * (`libvirtd:///session` otherwise).
   */
  static async connect(uri?: string | null): Promise<Admin> {
    const name = uri == null ? null : requireNonEmptyString(uri, 'admin URI');
    const handle = await call('virAdmConnectOpen', name, 0);
    try {
      return new Admin(handle, await call('virAdmConnectGetURI', handle));
    } catch (err) {
      await handle.free();
      throw err;
    }
  }

  /** The version of the libvirt-admin library this program loaded (`virAdmGetVersion`). */
  static async clientLibraryVersion(): Promise<Version> {
    return decodeVersion(await call('virAdmGetVersion'));
  }

  /** True once `close()` was called. Makes no libvirt call. */
  get closed(): boolean {
    return this.#handle.freed;
  }

  /**
   * Closes the admin connection, releasing first every server and client obtained through it (their methods
   * reject from then on) (`virAdmConnectClose`). Idempotent.
   */
  async close(): Promise<void> {
    const remaining = await this.#handle.free();
    if (remaining > 0) {
      process.emitWarning(
        `libvirt-ts: admin connection ${this.uri} closed but libvirt still holds ${remaining} reference(s) to it`,
        'LibvirtReferenceWarning',
      );
    }
  }

  /** `await using` support: the same as `close()` (`virAdmConnectClose`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Whether the connection's socket is still open: a local check, no round trip to the daemon (`virAdmConnectIsAlive`). */
  async isAlive(): Promise<boolean> {
    return (await call('virAdmConnectIsAlive', this.#handle)) === 1;
  }

  /** The version of libvirt the daemon runs (`virAdmConnectGetLibVersion`). */
  async libraryVersion(): Promise<Version> {
    return decodeVersion(await call('virAdmConnectGetLibVersion', this.#handle));
  }

  /** The daemon's servers, e.g. `admin` and `libvirtd` (`virAdmConnectListServers`). */
  async servers(): Promise<AdminServer[]> {
    const found = await describeEach('virAdmConnectListServers', [this.#handle, 0], SERVER_DESCRIBERS);
    return found.map(([handle, described]) => adminServer(handle, described));
  }

  /** The server with this name (`virAdmConnectLookupServer`); rejects with `ErrorCode.NO_SERVER` when there is none. */
  async server(name: string): Promise<AdminServer> {
    requireNonEmptyString(name, 'server name');
    const [handle, described] = await describeOne(
      'virAdmConnectLookupServer',
      [this.#handle, name, 0],
      SERVER_DESCRIBERS,
    );
    return adminServer(handle, described);
  }

  /**
   * The daemon's log outputs, in libvirtd.conf's format, e.g. `['3:file:/var/log/libvirt/libvirtd.log']`
   * (`virAdmConnectGetLoggingOutputs`).
   */
  async loggingOutputs(): Promise<string[]> {
    return words(await call('virAdmConnectGetLoggingOutputs', this.#handle, 0));
  }

  /**
   * Replaces the daemon's log outputs (`virAdmConnectSetLoggingOutputs`): a list, or one space-separated
   * string, in libvirtd.conf's format (`'1:file:/tmp/debug.log'`); empty restores libvirt's default output.
   */
  async setLoggingOutputs(outputs: string | readonly string[]): Promise<void> {
    await call('virAdmConnectSetLoggingOutputs', this.#handle, joined(outputs, 'outputs'), 0);
  }

  /** The daemon's log filters, e.g. `['1:qemu', '3:remote']`; empty when none are set (`virAdmConnectGetLoggingFilters`). */
  async loggingFilters(): Promise<string[]> {
    return words(await call('virAdmConnectGetLoggingFilters', this.#handle, 0));
  }

  /**
   * Replaces the daemon's log filters (`virAdmConnectSetLoggingFilters`): a list, or one space-separated
   * string, in libvirtd.conf's format (`'1:qemu 3:remote'`); empty removes every filter.
   */
  async setLoggingFilters(filters: string | readonly string[]): Promise<void> {
    await call('virAdmConnectSetLoggingFilters', this.#handle, joined(filters, 'filters'), 0);
  }

  /**
   * Sets after how many idle seconds the daemon exits; 0 keeps it running (`virAdmConnectSetDaemonTimeout`).
   * Only daemons started with a timeout (socket activation, `--timeout`) have one to change.
   */
  async setDaemonTimeout(seconds: number): Promise<void> {
    await call('virAdmConnectSetDaemonTimeout', this.#handle, requireUint32(seconds, 'seconds'), 0);
  }
}
