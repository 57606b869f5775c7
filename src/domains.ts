import type { Handle } from '../native/handles.js';
import { call } from '../native/libvirt.js';
import { Domain } from './domain.js';
import { ErrorCode } from './errors.js';
import { fetchAll, type LookupBy, type LookupSpec, lookup, lookupOrUndefined } from './lookup.js';
import { isUuid } from './values.js';

const SPEC: LookupSpec<Domain> = {
  what: 'domain',
  notFound: ErrorCode.NO_DOMAIN,
  describers: ['virDomainGetName', 'virDomainGetUUIDString'],
  wrap: (handle, [name, uuid]) => new Domain(handle, name as string, uuid as string),
};

/** A string that looks like a UUID is tried as one first, then as a name (as virsh does). */
const BY_NAME_OR_UUID: readonly LookupBy[] = [
  { fn: 'virDomainLookupByUUIDString', accepts: isUuid },
  { fn: 'virDomainLookupByName' },
];

/** `hv.domains`: the domains of one connection. */
export class DomainCollection {
  readonly #connection: Handle;

  /** @internal */
  constructor(connection: Handle) {
    this.#connection = connection;
  }

  /** Every domain, running or not (`virConnectListAllDomains`). */
  list(): Promise<Domain[]> {
    return fetchAll(SPEC, 'virConnectListAllDomains', [this.#connection, 0]);
  }

  /**
   * The domain with this name or UUID. Rejects with a LibvirtError whose code is `ErrorCode.NO_DOMAIN` when
   * there is none.
   */
  get(nameOrUuid: string): Promise<Domain> {
    return lookup(SPEC, this.#connection, nameOrUuid, BY_NAME_OR_UUID);
  }

  /** Like `get`, but resolves `undefined` when there is no such domain. */
  find(nameOrUuid: string): Promise<Domain | undefined> {
    return lookupOrUndefined(SPEC, this.#connection, nameOrUuid, BY_NAME_OR_UUID);
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
