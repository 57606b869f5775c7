/**
 * `dom.undefine({ removeAllStorage: true })`: what `virsh undefine --remove-all-storage` does, in its plain
 * form. Before the undefine, each disk's source is looked up as a storage volume (by pool and name for a
 * `<disk type='volume'>`, else by path); after it, each volume found is deleted. A disk libvirt manages no
 * volume for is reported, never touched; a volume that fails to delete is reported with its error. As
 * virt-manager's delete dialog, CD-ROMs, floppies, read-only and shareable disks are left alone (virsh would
 * delete an installation ISO that sits in a pool).
 */
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { LibvirtError } from '../core/errors.js';
import { parseDomainXml } from '../xml/index.js';

/** One disk's volume after `undefine({ removeAllStorage: true })`. */
export interface RemovedStorage {
  /** The disk's target ("vda"). */
  target: string;
  /** Its source: a path, or the volume's name for a pool volume. */
  source: string;
  /** The pool, for a `<disk type='volume'>`. */
  pool?: string;
  /**
   * `removed`: the volume was deleted (`virStorageVolDelete`); `failed`: deleting it failed (`error`);
   * `unmanaged`: no storage pool holds it (`error` says why), so it was left as it is.
   */
  status: 'removed' | 'failed' | 'unmanaged';
  /** Why the volume was not deleted, for `failed` and `unmanaged`. */
  error?: LibvirtError;
}

interface Found {
  entry: RemovedStorage;
  volume?: Handle;
}

/** The volumes behind the domain's disks, looked up now (before the definition goes). */
export async function findDiskVolumes(connection: Handle, xml: string): Promise<Found[]> {
  const disks = parseDomainXml(xml).devices?.disks ?? [];
  const found: Found[] = [];
  for (const disk of disks) {
    if (disk.device === 'cdrom' || disk.device === 'floppy' || disk.readonly || disk.shareable) continue;
    const src = disk.source as
      | { file?: string; dev?: string; dir?: string; name?: string; volume?: string; pool?: string }
      | undefined;
    const target = disk.target?.dev;
    const source = src?.file ?? src?.dir ?? src?.name ?? src?.dev ?? src?.volume;
    if (target === undefined || source === undefined) continue;
    const entry: RemovedStorage = { target, source, status: 'unmanaged' };
    if (src?.pool !== undefined) entry.pool = src.pool;
    try {
      if (src?.pool !== undefined) {
        const pool = await call('virStoragePoolLookupByName', connection, src.pool);
        try {
          found.push({ entry, volume: await call('virStorageVolLookupByName', pool, source) });
        } finally {
          await pool.free();
        }
      } else {
        found.push({ entry, volume: await call('virStorageVolLookupByPath', connection, source) });
      }
    } catch (err) {
      if (!(err instanceof LibvirtError)) throw err;
      entry.error = err;
      found.push({ entry });
    }
  }
  return found;
}

/** Deletes the volumes found, one by one; every one is tried and reported. */
export async function deleteDiskVolumes(found: readonly Found[]): Promise<RemovedStorage[]> {
  const out: RemovedStorage[] = [];
  for (const { entry, volume } of found) {
    if (volume === undefined) {
      out.push(entry);
      continue;
    }
    try {
      await call('virStorageVolDelete', volume, 0);
      entry.status = 'removed';
    } catch (err) {
      if (!(err instanceof LibvirtError)) throw err;
      entry.status = 'failed';
      entry.error = err;
    } finally {
      await volume.free();
    }
    out.push(entry);
  }
  return out;
}

/** Releases the volumes found when the undefine did not happen. */
export async function releaseDiskVolumes(found: readonly Found[]): Promise<void> {
  for (const { volume } of found) await volume?.free();
}
