import {
  ConnectListAllNodeDeviceFlags as Flags,
  NodeDeviceCreateXMLFlags,
  NodeDeviceDefineXMLFlags,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom, optionsObject, requireNonEmptyString } from '../core/checks.js';
import { type DefOrXml, definitionXml } from '../core/definitions.js';
import { flagsOfNames, splitFilter } from '../core/list-filters.js';
import { LiveCollection } from '../core/live-object.js';
import { fetchAll, fetchOne, type LookupBy, lookup, lookupOrUndefined } from '../core/lookup.js';
import { nameList } from '../core/name-lists.js';
import { buildNodeDeviceXml, type NodeDeviceDef } from '../xml/node-device.js';
import { NODE_DEVICE_SPEC, type NodeDevice } from './node-device.js';

/** Capability names as `virsh nodedev-list --cap` spells them, and their list flags. */
const CAPABILITIES = {
  system: Flags.CAP_SYSTEM,
  pci: Flags.CAP_PCI_DEV,
  usb_device: Flags.CAP_USB_DEV,
  usb: Flags.CAP_USB_INTERFACE,
  net: Flags.CAP_NET,
  scsi_host: Flags.CAP_SCSI_HOST,
  scsi_target: Flags.CAP_SCSI_TARGET,
  scsi: Flags.CAP_SCSI,
  storage: Flags.CAP_STORAGE,
  fc_host: Flags.CAP_FC_HOST,
  vports: Flags.CAP_VPORTS,
  scsi_generic: Flags.CAP_SCSI_GENERIC,
  drm: Flags.CAP_DRM,
  mdev_types: Flags.CAP_MDEV_TYPES,
  mdev: Flags.CAP_MDEV,
  ccw: Flags.CAP_CCW_DEV,
  css: Flags.CAP_CSS_DEV,
  vdpa: Flags.CAP_VDPA,
  ap_card: Flags.CAP_AP_CARD,
  ap_queue: Flags.CAP_AP_QUEUE,
  ap_matrix: Flags.CAP_AP_MATRIX,
  vpd: Flags.CAP_VPD,
} as const;

/** A capability to list node devices by (`'pci'`, `'net'`, `'scsi_host'`, …; virsh's `--cap` names). */
export type NodeDeviceCapabilityName = keyof typeof CAPABILITIES;

/** `hv.nodeDevices.list(filter)`: devices with any of `capability`, and active and/or inactive (defined) ones. */
export interface NodeDeviceFilter {
  /**
   * Only devices with this capability (or any of these): `'pci'`, `'usb_device'`, `'net'`, …
   * (`VIR_CONNECT_LIST_NODE_DEVICES_CAP_*`).
   */
  capability?: NodeDeviceCapabilityName | readonly NodeDeviceCapabilityName[];
  /** `VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE`: only active devices. */
  active?: boolean;
  /** `VIR_CONNECT_LIST_NODE_DEVICES_INACTIVE`: only inactive (defined, not started) devices. */
  inactive?: boolean;
}

const STATE_FILTERS = { active: Flags.ACTIVE, inactive: Flags.INACTIVE } as const;

function listFlags(filter: NodeDeviceFilter | undefined): number {
  const { names, rest } = splitFilter(filter, 'node device filter', 'capability');
  const flags = flagsFrom(rest, 'node device filter', STATE_FILTERS);
  if (names === undefined) return flags;
  return (flags | flagsOfNames(names, 'node device filter.capability', CAPABILITIES)) >>> 0;
}

function capabilityOption(options: unknown, what: string): string | null {
  const o = optionsObject(options, what, ['capability'] as const);
  return o.capability === undefined ? null : requireNonEmptyString(o.capability, `${what}.capability`);
}

const BY_NAME: readonly LookupBy[] = [{ fn: 'virNodeDeviceLookupByName' }];

/** `hv.nodeDevices`: the host devices libvirt knows (PCI, USB, network, SCSI, storage, mediated devices, …). */
export class NodeDeviceCollection extends LiveCollection {
  /** @internal */
  constructor(connection: Handle) {
    super(connection);
  }

  /** The devices, all or those matching `filter` (`virConnectListAllNodeDevices`). */
  async list(filter?: NodeDeviceFilter): Promise<NodeDevice[]> {
    return fetchAll(NODE_DEVICE_SPEC, 'virConnectListAllNodeDevices', [this.parent, listFlags(filter)]);
  }

  /**
   * The device with this name. Rejects with a LibvirtError whose code is `ErrorCode.NO_NODE_DEVICE` when there is
   * none (`virNodeDeviceLookupByName`).
   */
  async get(name: string): Promise<NodeDevice> {
    return lookup(NODE_DEVICE_SPEC, this.parent, name, BY_NAME);
  }

  /** Like `get`, but resolves `undefined` when there is no such device (`virNodeDeviceLookupByName`). */
  async find(name: string): Promise<NodeDevice | undefined> {
    return lookupOrUndefined(NODE_DEVICE_SPEC, this.parent, name, BY_NAME);
  }

  /** The SCSI host (HBA) with these fibre-channel node and port names (`virNodeDeviceLookupSCSIHostByWWN`). */
  async getScsiHostByWwn(wwnn: string, wwpn: string): Promise<NodeDevice> {
    requireNonEmptyString(wwnn, 'wwnn');
    requireNonEmptyString(wwpn, 'wwpn');
    return fetchOne(NODE_DEVICE_SPEC, 'virNodeDeviceLookupSCSIHostByWWN', [this.parent, wwnn, wwpn, 0]);
  }

  /**
   * Creates a transient device — a vHBA on an FC host, a mediated device — from a typed definition or XML
   * (`virNodeDeviceCreateXML`).
   */
  async create(definition: DefOrXml<NodeDeviceDef>, options?: { validate?: boolean }): Promise<NodeDevice> {
    const xml = definitionXml(definition, buildNodeDeviceXml, 'node device definition');
    const flags = flagsFrom(options, 'create options', { validate: NodeDeviceCreateXMLFlags.VALIDATE });
    return fetchOne(NODE_DEVICE_SPEC, 'virNodeDeviceCreateXML', [this.parent, xml, flags]);
  }

  /** Defines a persistent (mediated) device, not started (`virNodeDeviceDefineXML`). */
  async define(definition: DefOrXml<NodeDeviceDef>, options?: { validate?: boolean }): Promise<NodeDevice> {
    const xml = definitionXml(definition, buildNodeDeviceXml, 'node device definition');
    const flags = flagsFrom(options, 'define options', { validate: NodeDeviceDefineXMLFlags.VALIDATE });
    return fetchOne(NODE_DEVICE_SPEC, 'virNodeDeviceDefineXML', [this.parent, xml, flags]);
  }

  /**
   * The names of the devices, all or those with a capability (`virNodeListDevices`, which names capabilities
   * as the device XML does: `'pci'`, `'net'`, `'scsi_host'`, `'fc_host'`, …).
   */
  async names(options?: { capability?: string }): Promise<string[]> {
    const cap = capabilityOption(options, 'names options');
    const c = this.parent;
    return nameList(
      () => call('virNodeNumOfDevices', c, cap, 0),
      (max) => call('virNodeListDevices', c, cap, max, 0),
    );
  }

  /** The number of devices, all or those with a capability (`virNodeNumOfDevices`). */
  async count(options?: { capability?: string }): Promise<number> {
    return call('virNodeNumOfDevices', this.parent, capabilityOption(options, 'count options'), 0);
  }
}
