import type { Handle } from '../native/handles.js';
import { call, describeEach, describeOne } from '../native/libvirt.js';
import { requireNonEmptyString } from './checks.js';
import { Domain } from './domain.js';
import { ErrorCode, LibvirtError } from './errors.js';
import { isUuid } from './values.js';

/** What identifies a domain object once looked up: its name and UUID, read in the same worker round trip. */
const DESCRIBE = ['virDomainGetName', 'virDomainGetUUIDString'] as const;

function toDomain(handle: Handle, [name, uuid]: unknown[]): Domain {
  return new Domain(handle, name as string, uuid as string);
}

/** `hv.domains`: the domains of one connection. */
export class DomainCollection {
  readonly #connection: Handle;

  /** @internal */
  constructor(connection: Handle) {
    this.#connection = connection;
  }

  /** Every domain, running or not (`virConnectListAllDomains`). */
  async list(): Promise<Domain[]> {
    const found = await describeEach('virConnectListAllDomains', [this.#connection, 0], DESCRIBE);
    return found.map(([handle, described]) => toDomain(handle, described));
  }

  /**
   * The domain with this name or UUID. Rejects with a LibvirtError whose code is `ErrorCode.NO_DOMAIN` when
   * there is none. A string that looks like a UUID is tried as one first, then as a name (as virsh does).
   */
  async get(nameOrUuid: string): Promise<Domain> {
    requireNonEmptyString(nameOrUuid, 'domains.get(nameOrUuid): nameOrUuid');
    if (isUuid(nameOrUuid)) {
      try {
        const [handle, described] = await describeOne(
          'virDomainLookupByUUIDString',
          [this.#connection, nameOrUuid],
          DESCRIBE,
        );
        return toDomain(handle, described);
      } catch (err) {
        if (!(err instanceof LibvirtError && err.code === ErrorCode.NO_DOMAIN)) throw err;
      }
    }
    const [handle, described] = await describeOne(
      'virDomainLookupByName',
      [this.#connection, nameOrUuid],
      DESCRIBE,
    );
    return toDomain(handle, described);
  }

  /** The number of domains (`virConnectNumOfDomains` + `virConnectNumOfDefinedDomains`). */
  async count(): Promise<number> {
    const [active, inactive] = await Promise.all([
      call('virConnectNumOfDomains', this.#connection),
      call('virConnectNumOfDefinedDomains', this.#connection),
    ]);
    return active + inactive;
  }
}
