import { ConnectListAllSecretsFlags, SecretDefineFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import {
  flagsFrom,
  optionsObject,
  requireNonEmptyString,
  requireOneOf,
  requireUuid,
} from '../core/checks.js';
import { type DefOrXml, definitionXml } from '../core/definitions.js';
import { LiveCollection } from '../core/live-object.js';
import { fetchAll, fetchOne, isNotFound, type LookupBy, lookup } from '../core/lookup.js';
import { nameList } from '../core/name-lists.js';
import { buildSecretXml, type SecretDef } from '../xml/secret.js';
import { SECRET_SPEC, SECRET_USAGES, type Secret, type SecretUsageName } from './secret.js';

/** `hv.secrets.list(filter)`: `ephemeral`/`private` select secrets that are (`true`) or are not (`false`). */
export interface SecretFilter {
  /** `true`: only ephemeral secrets (`VIR_CONNECT_LIST_SECRETS_EPHEMERAL`); `false`: only persistent ones. */
  ephemeral?: boolean;
  /**
   * `true`: only private secrets (`VIR_CONNECT_LIST_SECRETS_PRIVATE`); `false`: only those whose value can be
   * read.
   */
  private?: boolean;
}

const FILTERS = {
  ephemeral: [ConnectListAllSecretsFlags.EPHEMERAL, ConnectListAllSecretsFlags.NO_EPHEMERAL],
  private: [ConnectListAllSecretsFlags.PRIVATE, ConnectListAllSecretsFlags.NO_PRIVATE],
} as const;

/** A secret is named by its UUID, or by its usage: `{ usage: 'volume', id: '/var/lib/libvirt/images/a.qcow2' }`. */
export type SecretKey =
  | string
  | {
      /** What the secret is for: `'volume'`, `'ceph'`, `'iscsi'`, `'tls'`, `'vtpm'`. */
      usage: Exclude<SecretUsageName, 'none'>;
      /** The usage's identifier: a volume path, a Ceph user name, an iSCSI target, … */
      id: string;
    };

const BY_UUID: readonly LookupBy[] = [{ fn: 'virSecretLookupByUUIDString' }];
const USAGE_KEYS = SECRET_USAGES.names.filter((name) => name !== 'none');

/** `hv.secrets`: the secrets of one connection. */
export class SecretCollection extends LiveCollection {
  /** @internal */
  constructor(connection: Handle) {
    super(connection);
  }

  /** The secrets, all or those matching `filter` (`virConnectListAllSecrets`). */
  async list(filter?: SecretFilter): Promise<Secret[]> {
    const flags = flagsFrom(filter, 'secret filter', FILTERS);
    return fetchAll(SECRET_SPEC, 'virConnectListAllSecrets', [this.parent, flags]);
  }

  /**
   * The secret with this UUID or usage. Rejects with a LibvirtError whose code is `ErrorCode.NO_SECRET` when
   * there is none; a string that is not a UUID is a RangeError (`virSecretLookupByUUIDString`, or
   * `virSecretLookupByUsage` for a usage).
   */
  async get(key: SecretKey): Promise<Secret> {
    if (typeof key === 'string')
      return lookup(SECRET_SPEC, this.parent, requireUuid(key, 'secret UUID'), BY_UUID);
    const o = optionsObject(key, 'secret key', ['usage', 'id'] as const);
    const usage = requireOneOf(o.usage, 'secret key.usage', USAGE_KEYS);
    const id = requireNonEmptyString(o.id, 'secret key.id');
    return fetchOne(SECRET_SPEC, 'virSecretLookupByUsage', [this.parent, SECRET_USAGES.valueOf(usage), id]);
  }

  /**
   * Like `get`, but resolves `undefined` when there is no such secret (`virSecretLookupByUUIDString` or
   * `virSecretLookupByUsage`).
   */
  async find(key: SecretKey): Promise<Secret | undefined> {
    try {
      return await this.get(key);
    } catch (err) {
      if (isNotFound(err, SECRET_SPEC.notFound)) return undefined;
      throw err;
    }
  }

  /**
   * Defines a secret (`virSecretDefineXML`) from a typed definition (e.g. `{ ephemeral: false, private: true,
   * usage: { type: 'ceph', name: 'client.admin' } }`) or XML; set its value with `secret.setValue()`.
   */
  async define(definition: DefOrXml<SecretDef>, options?: { validate?: boolean }): Promise<Secret> {
    const xml = definitionXml(definition, buildSecretXml, 'secret definition');
    const flags = flagsFrom(options, 'define options', { validate: SecretDefineFlags.VALIDATE });
    return fetchOne(SECRET_SPEC, 'virSecretDefineXML', [this.parent, xml, flags]);
  }

  /** The UUIDs of all secrets (`virConnectListSecrets`). */
  async uuids(): Promise<string[]> {
    const c = this.parent;
    return nameList(
      () => call('virConnectNumOfSecrets', c),
      (max) => call('virConnectListSecrets', c, max),
    );
  }

  /** The number of secrets (`virConnectNumOfSecrets`). */
  async count(): Promise<number> {
    return call('virConnectNumOfSecrets', this.parent);
  }
}
