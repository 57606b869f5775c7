/** The database's device files (~50 small ones), read once per database object to resolve `<device id>`. */
import { parseDeviceFile } from './parse.js';
import type { OsinfoDevice } from './types.js';

const FIELD_NAMES: Record<string, keyof OsinfoDevice> = {
  name: 'name',
  class: 'class',
  'bus-type': 'busType',
  vendor: 'vendor',
  'vendor-id': 'vendorId',
  product: 'product',
  'product-id': 'productId',
  subsystem: 'subsystem',
};

// PCI and USB ids carry their vendor and product ids: http://pcisig.com/pci/1af4/1041, http://usb.org/usb/80ee/0021
const BUS_ID = /^https?:\/\/(?:pcisig\.com\/(pci)|usb\.org\/(usb))\/([0-9a-fA-F]{4})\/([0-9a-fA-F]{4})$/;

export function loadDevices(
  files: readonly string[],
  read: (f: string) => string,
): Map<string, OsinfoDevice> {
  const out = new Map<string, OsinfoDevice>();
  for (const file of files) {
    for (const raw of parseDeviceFile(read(file), file)) {
      let dev = out.get(raw.id);
      if (!dev) {
        dev = { id: raw.id };
        const m = BUS_ID.exec(raw.id);
        if (m) {
          dev.busType = (m[1] ?? m[2]) as string;
          dev.vendorId = (m[3] as string).toLowerCase();
          dev.productId = (m[4] as string).toLowerCase();
        }
        out.set(raw.id, dev);
      }
      for (const [k, v] of Object.entries(raw.fields)) {
        const key = FIELD_NAMES[k];
        if (key && key !== 'id' && key !== 'driver') dev[key] = v;
      }
    }
  }
  return out;
}
