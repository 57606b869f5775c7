import { SecretUsageType } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { type EnumName, enumNames } from '../core/enum-names.js';
import { ErrorCode } from '../core/errors.js';
import { LiveObject } from '../core/live-object.js';
import type { LookupSpec } from '../core/lookup.js';
import { parseSecretXml, type SecretDef } from '../xml/secret.js';

/** What a secret is for: `'none' | 'volume' | 'ceph' | 'iscsi' | 'tls' | 'vtpm'`. */
export type SecretUsageName = EnumName<typeof SecretUsageType>;
export const SECRET_USAGES = enumNames(SecretUsageType);

/** A secret's usage: its type and the object it is for (a volume path, a Ceph/TLS/vTPM name, an iSCSI target). */
export interface SecretUsage {
  /** `'unknown'` only for a usage type newer than this libvirt-ts. */
  type: SecretUsageName | 'unknown';
  /** Empty for usage `'none'`. */
  id: string;
}

/**
 * A libvirt secret (a passphrase, a Ceph key, …): its definition, and a value libvirt stores apart from it.
 * Holds one libvirt reference, released by `free()`, `await using`, the connection's `close()`, or garbage
 * collection.
 */
export class Secret extends LiveObject {
  /** @internal Secrets come from `hv.secrets`; the constructor is not public API. */
  constructor(
    handle: Handle,
    /** The secret's UUID. */
    readonly uuid: string,
    /** What the secret is for, read at lookup time. */
    readonly usage: SecretUsage,
  ) {
    super(handle, { fn: 'virSecretLookupByUUIDString', key: uuid });
  }

  /** The secret's value (`virSecretGetValue`); libvirt refuses for a `private` secret. */
  async getValue(): Promise<Buffer> {
    const value = await call('virSecretGetValue', this.handle, 0);
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }

  /** Sets the secret's value (`virSecretSetValue`); a string is stored as its UTF-8 bytes. */
  async setValue(value: Buffer | Uint8Array | string): Promise<void> {
    let bytes: Uint8Array;
    if (typeof value === 'string') bytes = new Uint8Array(Buffer.from(value, 'utf8'));
    else if (value instanceof Uint8Array) bytes = new Uint8Array(value);
    else
      throw new TypeError(`a secret value must be a Buffer, a Uint8Array or a string, got ${typeof value}`);
    await call('virSecretSetValue', this.handle, bytes, 0);
  }

  /** Removes the secret and its value (`virSecretUndefine`). */
  async undefine(): Promise<void> {
    await call('virSecretUndefine', this.handle);
  }

  /** The secret's XML (`virSecretGetXMLDesc`); it never holds the value. */
  async xml(): Promise<string> {
    return call('virSecretGetXMLDesc', this.handle, 0);
  }

  /** The secret's definition, typed by the XML model. Reads it with `virSecretGetXMLDesc`. */
  async definition(): Promise<SecretDef> {
    return parseSecretXml(await this.xml());
  }

  /** `Secret(uuid)`, for logs; no libvirt call. */
  override toString(): string {
    return `Secret(${this.uuid})`;
  }
}

/** How lookups read a secret's identity and wrap it. */
export const SECRET_SPEC: LookupSpec<Secret> = {
  what: 'secret',
  notFound: ErrorCode.NO_SECRET,
  describers: ['virSecretGetUUIDString', 'virSecretGetUsageType', 'virSecretGetUsageID'],
  wrap: (handle, [uuid, type, id]) =>
    new Secret(handle, uuid as string, {
      type: SECRET_USAGES.nameOf(type as number) ?? 'unknown',
      id: (id as string | null) ?? '',
    }),
};
