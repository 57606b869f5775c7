import { deviceSeclabel } from '../../common/seclabel.js';
import { scaledInteger } from '../../common/size.js';
import { attr, child, element, flag, list, type XmlType } from '../../engine/describe.js';
import { oneOf, onOff, str, uint } from '../../engine/kinds.js';
import { octalMode } from '../../storage-common.js';
import { deviceInfo } from './device-info.js';
import { DISK_FORMATS } from './disk.js';

// Host directories shared into the guest.

/** `<filesystem type='mount' accessmode=>`: a host directory shared into the guest (9p or virtiofs). */
export const filesystem = element({
  type: attr(oneOf('mount', 'block', 'file', 'template', 'ram', 'bind', 'volume')),
  accessmode: attr(oneOf('passthrough', 'mapped', 'squash')),
  model: attr(oneOf('virtio', 'virtio-transitional', 'virtio-non-transitional')),
  /** virtiofs: modes of new files and directories, written in octal (`0644`): write `0o644` in code. */
  fmode: attr(octalMode),
  dmode: attr(octalMode),
  multidevs: attr(oneOf('default', 'remap', 'forbid', 'warn')),
  driver: child(
    element({
      type: attr(oneOf('path', 'handle', 'loop', 'nbd', 'ploop', 'virtiofs')),
      format: attr(oneOf(...DISK_FORMATS)),
      wrpolicy: attr(oneOf('immediate')),
      queue: attr(uint),
      iommu: attr(onOff),
      ats: attr(onOff),
      packed: attr(onOff),
      pagePerVq: attr(onOff, 'page_per_vq'),
    }),
  ),
  binary: child(
    element({
      path: attr(str),
      xattr: attr(onOff),
      cache: child(element({ mode: attr(oneOf('none', 'always', 'metadata', 'auto', 'never')) })),
      sandbox: child(element({ mode: attr(oneOf('namespace', 'chroot')) })),
      lock: child(element({ posix: attr(onOff), flock: attr(onOff) })),
      threadPoolSize: child(element({ size: attr(uint) }), 'thread_pool'),
    }),
  ),
  idmap: child(
    element({
      uids: list(element({ start: attr(uint), target: attr(uint), count: attr(uint) }), 'uid'),
      gids: list(element({ start: attr(uint), target: attr(uint), count: attr(uint) }), 'gid'),
    }),
  ),
  source: child(
    element({
      dir: attr(str),
      file: attr(str),
      dev: attr(str),
      name: attr(str),
      usage: attr(uint),
      units: attr(str),
      socket: attr(str),
      pool: attr(str),
      volume: attr(str),
    }),
  ),
  target: child(element({ dir: attr(str) })),
  readonly: flag(),
  spaceHardLimit: child(scaledInteger, 'space_hard_limit'),
  spaceSoftLimit: child(scaledInteger, 'space_soft_limit'),
  seclabels: list(deviceSeclabel, 'seclabel'),
  ...deviceInfo,
});
export type Filesystem = XmlType<typeof filesystem>;
