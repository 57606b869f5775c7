/**
 * Disks backed by a storage volume carry the volume's format.
 *
 * A `<disk type='volume'>` (`{ source: { pool, volume } }`) without `<driver type=…>` is opened by QEMU as
 * raw, whatever the volume holds: the guest sees a qcow2 volume's container as its disk (an installer would
 * overwrite it) and the first internal snapshot fails ("internal snapshot for disk vda unsupported for storage
 * type raw"). virt-manager writes the volume's format into the definition; so does this, when a domain is
 * defined or created and when a disk is attached or updated. A disk that names its format is left alone, and
 * so is one whose pool or volume cannot be found (libvirt then reports that itself).
 */
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { buildDomainXml, parseDomainXml, parseStorageVolumeXml } from '../xml/index.js';

/** What a disk definition needs here: its type, source and driver. */
interface VolumeDisk {
  type?: string;
  source?: { pool?: string; volume?: string };
  driver?: { name?: string; type?: string };
}

/** Formats QEMU opens directly (a volume's `<format type=>` may also be a filesystem or partition type). */
const IMAGE_FORMATS = new Set(['raw', 'qcow2', 'qcow', 'qed', 'vmdk', 'vpc', 'vdi', 'vhdx', 'luks', 'bochs']);

/** The format of volume `name` in pool `pool`, or undefined when either is missing or it has none. */
async function volumeFormat(connection: Handle, pool: string, name: string): Promise<string | undefined> {
  let poolHandle: Handle | undefined;
  let volume: Handle | undefined;
  try {
    poolHandle = await call('virStoragePoolLookupByName', connection, pool);
    volume = await call('virStorageVolLookupByName', poolHandle, name);
    const format = parseStorageVolumeXml(await call('virStorageVolGetXMLDesc', volume, 0)).target?.format
      ?.type;
    return format !== undefined && IMAGE_FORMATS.has(format) ? format : undefined;
  } catch {
    return undefined;
  } finally {
    await volume?.free();
    await poolHandle?.free();
  }
}

/** Sets the driver format of `disk` from its volume when it names none; true when it changed the disk. */
export async function fillVolumeFormat(connection: Handle, disk: VolumeDisk): Promise<boolean> {
  if (disk.type !== 'volume' || disk.driver?.type !== undefined) return false;
  const { pool, volume } = disk.source ?? {};
  if (pool === undefined || volume === undefined) return false;
  const format = await volumeFormat(connection, pool, volume);
  if (format === undefined) return false;
  disk.driver = { name: 'qemu', ...disk.driver, type: format };
  return true;
}

/** A domain definition's XML with every volume disk's format filled in (unchanged when none needs it). */
export async function withVolumeFormats(connection: Handle, xml: string): Promise<string> {
  // Most definitions have no volume disk: no parse for them.
  if (!/type\s*=\s*["']volume["']/.test(xml)) return xml;
  const def = parseDomainXml(xml);
  const disks = (def.devices?.disks ?? []) as VolumeDisk[];
  const changed = await Promise.all(disks.map((disk) => fillVolumeFormat(connection, disk)));
  return changed.some(Boolean) ? buildDomainXml(def) : xml;
}

/** A typed `{ disk }` device with its volume's format filled in (a copy; the caller's object is untouched). */
export async function deviceWithVolumeFormat<D>(connection: Handle | null, device: D): Promise<D> {
  if (connection === null || device === null || typeof device !== 'object' || !('disk' in device))
    return device;
  const disk = (device as { disk: unknown }).disk;
  if (disk === null || typeof disk !== 'object') return device;
  const copy = { ...(disk as VolumeDisk) };
  if (copy.driver) copy.driver = { ...copy.driver };
  return (await fillVolumeFormat(connection, copy)) ? ({ ...device, disk: copy } as D) : device;
}
