/**
 * Devices for attach/detach/update: a typed device from the XML model, given as `{ <element name>: value }`
 * (`{ disk: {...} }`, `{ interface: {...} }`), or the device element's XML as a string.
 *
 * A single device element is written with the model's own description of that element (the `<devices>`
 * description lists them all), so the output is what `buildDomainXml` writes inside `<devices>`. The
 * engine's public API builds whole documents only (`defineDocument` registers a root name once, and
 * `<interface>`/`<memory>` roots are taken), so its element writer is used directly.
 */
import { devices } from '../xml/domain/devices/index.js';
import { type Compiled, compile } from '../xml/engine/compile.js';
import { prefixPath, writeElement } from '../xml/engine/write.js';
import { type Devices, type ElementDesc, XmlError } from '../xml/index.js';

/** The element name of each device kind, and its property in the model's `Devices`. */
const DEVICE_PROPERTIES = {
  disk: 'disks',
  controller: 'controllers',
  lease: 'leases',
  filesystem: 'filesystems',
  interface: 'interfaces',
  smartcard: 'smartcards',
  serial: 'serials',
  parallel: 'parallels',
  console: 'consoles',
  channel: 'channels',
  input: 'inputs',
  tpm: 'tpms',
  graphics: 'graphics',
  sound: 'sounds',
  audio: 'audios',
  video: 'videos',
  hostdev: 'hostdevs',
  redirdev: 'redirdevs',
  redirfilter: 'redirfilters',
  hub: 'hubs',
  watchdog: 'watchdogs',
  memballoon: 'memballoon',
  rng: 'rngs',
  panic: 'panics',
  shmem: 'shmems',
  memory: 'memories',
  iommu: 'iommu',
  vsock: 'vsock',
  crypto: 'cryptos',
} as const satisfies Record<string, Exclude<keyof Devices, 'emulator' | '$extra'>>;

/** The name of a device element under `<devices>`: `'disk'`, `'interface'`, `'hostdev'`, … */
export type DeviceElementName = keyof typeof DEVICE_PROPERTIES;

type ElementOf<P extends keyof Devices> =
  NonNullable<Devices[P]> extends (infer E)[] ? E : NonNullable<Devices[P]>;

/** One typed device: `{ disk: Disk }`, `{ interface: Interface }`, … (exactly one key). */
export type DeviceDefinition = {
  [N in DeviceElementName]: { [K in N]: ElementOf<(typeof DEVICE_PROPERTIES)[N]> };
}[DeviceElementName];

const compiled = new Map<DeviceElementName, Compiled>();

/** One device element's compiled description, from `<devices>` (checked, so a rename fails loudly). */
function deviceDescription(name: DeviceElementName): Compiled {
  let kind = compiled.get(name);
  if (!kind) {
    const field = devices.fields[DEVICE_PROPERTIES[name]];
    if (!field || (field.field !== 'list' && field.field !== 'child')) {
      throw new Error(`libvirt-ts: the XML model has no <${name}> device`);
    }
    const el = typeof field.el === 'function' ? field.el() : field.el;
    kind = compile(el as ElementDesc<unknown>);
    compiled.set(name, kind);
  }
  return kind;
}

/** The device element's XML: a string as it is, a typed device built by the model. */
export function deviceXml(device: DeviceDefinition | string, what: string): string {
  if (typeof device === 'string') {
    if (device.trim() === '') throw new TypeError(`${what}: the device XML is empty`);
    return device;
  }
  if (device === null || typeof device !== 'object' || Array.isArray(device)) {
    throw new TypeError(
      `${what}: expected a typed device ({ disk: {...} }) or an XML string, got ${typeof device}`,
    );
  }
  const keys = Object.keys(device);
  const name = keys[0];
  if (keys.length !== 1 || name === undefined || !Object.hasOwn(DEVICE_PROPERTIES, name)) {
    throw new TypeError(
      `${what}: a typed device has exactly one key naming its element (${Object.keys(DEVICE_PROPERTIES).join(', ')}), got ${keys.join(', ') || 'none'}`,
    );
  }
  const value = (device as Record<string, unknown>)[name];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${what}.${name} must be an object`);
  }
  try {
    return writeElement(name, value, deviceDescription(name as DeviceElementName), '');
  } catch (err) {
    if (err instanceof XmlError) {
      prefixPath(err, name);
      err.message = `${what}: ${err.path}: ${err.message}`;
    }
    throw err;
  }
}
