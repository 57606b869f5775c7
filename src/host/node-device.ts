import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { optionalString, optionsObject, requireBoolean } from '../core/checks.js';
import { ErrorCode } from '../core/errors.js';
import { LiveObject } from '../core/live-object.js';
import { fetchOne, type LookupSpec } from '../core/lookup.js';
import { type NodeDeviceDef, parseNodeDeviceXml } from '../xml/node-device.js';

/**
 * A host device libvirt knows (`pci_0000_00_02_0`, `net_eth0_…`, `scsi_host1`, a mediated device). Holds one
 * libvirt reference, released by `free()`, `await using`, the connection's `close()`, or garbage collection.
 */
export class NodeDevice extends LiveObject {
  /** @internal Node devices come from `hv.nodeDevices`; the constructor is not public API. */
  constructor(
    handle: Handle,
    /** The device's name, e.g. `pci_0000_00_02_0`. */
    readonly name: string,
  ) {
    super(handle, { fn: 'virNodeDeviceLookupByName', key: name });
  }

  /** The parent device's name, `undefined` for the root (`computer`) (`virNodeDeviceGetParent`). */
  async parentName(): Promise<string | undefined> {
    // The API types this as a string; libvirt returns NULL for the root device.
    const parent = (await call('virNodeDeviceGetParent', this.handle)) as string | null;
    return parent ?? undefined;
  }

  /**
   * The parent device as an object (a new reference), `undefined` for the root (`virNodeDeviceGetParent`, then
   * `virNodeDeviceLookupByName`).
   */
  async parent(): Promise<NodeDevice | undefined> {
    const parent = await this.parentName();
    if (parent === undefined) return undefined;
    return fetchOne(NODE_DEVICE_SPEC, 'virNodeDeviceLookupByName', [this.handle.connection, parent]);
  }

  /** The device's capability types, e.g. `['pci']` or `['scsi_host', 'fc_host', 'vport_ops']` (`virNodeDeviceListCaps`). */
  async capabilities(): Promise<string[]> {
    const count = await call('virNodeDeviceNumOfCaps', this.handle);
    if (count === 0) return [];
    return call('virNodeDeviceListCaps', this.handle, count);
  }

  /** Starts a defined (mediated) device (`virNodeDeviceCreate`). */
  async start(): Promise<void> {
    await call('virNodeDeviceCreate', this.handle, 0);
  }

  /** Removes a device created through libvirt: a vHBA, a mediated device (`virNodeDeviceDestroy`). */
  async stop(): Promise<void> {
    await call('virNodeDeviceDestroy', this.handle);
  }

  /** Removes a defined (mediated) device's persistent definition (`virNodeDeviceUndefine`). */
  async undefine(): Promise<void> {
    await call('virNodeDeviceUndefine', this.handle, 0);
  }

  /** Whether a defined device starts with the host (`virNodeDeviceGetAutostart`). */
  async getAutostart(): Promise<boolean> {
    return (await call('virNodeDeviceGetAutostart', this.handle)) !== 0;
  }

  /** Sets whether a defined device starts with the host (`virNodeDeviceSetAutostart`). */
  async setAutostart(autostart: boolean): Promise<void> {
    await call('virNodeDeviceSetAutostart', this.handle, requireBoolean(autostart, 'autostart') ? 1 : 0);
  }

  /** Whether the device is present/started (`virNodeDeviceIsActive`). */
  async isActive(): Promise<boolean> {
    return (await call('virNodeDeviceIsActive', this.handle)) === 1;
  }

  /** Whether the device has a persistent definition in libvirt (`virNodeDeviceIsPersistent`). */
  async isPersistent(): Promise<boolean> {
    return (await call('virNodeDeviceIsPersistent', this.handle)) === 1;
  }

  /**
   * Detaches a PCI device from its host driver for passthrough (`virNodeDeviceDetachFlags`), binding it to
   * `driver` (`'vfio'` by default on current hosts).
   */
  async detach(options?: { driver?: string }): Promise<void> {
    const o = optionsObject(options, 'detach options', ['driver'] as const);
    const driver = optionalString(o.driver, 'detach options.driver');
    await call('virNodeDeviceDetachFlags', this.handle, driver ?? null, 0);
  }

  /** Gives a detached PCI device back to its host driver (`virNodeDeviceReAttach`). */
  async reattach(): Promise<void> {
    await call('virNodeDeviceReAttach', this.handle);
  }

  /** Resets a PCI device (function-level or bus reset, `virNodeDeviceReset`). */
  async reset(): Promise<void> {
    await call('virNodeDeviceReset', this.handle);
  }

  /** The device's XML (`virNodeDeviceGetXMLDesc`). */
  async xml(): Promise<string> {
    return call('virNodeDeviceGetXMLDesc', this.handle, 0);
  }

  /** The device's description, typed by the XML model. Reads it with `virNodeDeviceGetXMLDesc`. */
  async definition(): Promise<NodeDeviceDef> {
    return parseNodeDeviceXml(await this.xml());
  }

  /** `NodeDevice(name)`, for logs; no libvirt call. */
  override toString(): string {
    return `NodeDevice(${this.name})`;
  }
}

/** How lookups read a node device's identity and wrap it. */
export const NODE_DEVICE_SPEC: LookupSpec<NodeDevice> = {
  what: 'node device',
  notFound: ErrorCode.NO_NODE_DEVICE,
  describers: ['virNodeDeviceGetName'],
  wrap: (handle, [name]) => new NodeDevice(handle, name as string),
};
