import { attr, child, element, type XmlType } from '../../engine/describe.js';
import { oneOf, onOff, str, uint, yesNo } from '../../engine/kinds.js';
import { deviceInfo } from './device-info.js';

/** `<model type= vram= heads= primary=>` of a video device. */
export const videoModel = element({
  type: attr(
    oneOf('vga', 'cirrus', 'vmvga', 'xen', 'vbox', 'qxl', 'virtio', 'gop', 'bochs', 'ramfb', 'none'),
  ),
  ram: attr(uint),
  vram: attr(uint),
  vram64: attr(uint),
  vgamem: attr(uint),
  heads: attr(uint),
  primary: attr(yesNo),
  blob: attr(onOff),
  acceleration: child(element({ accel3d: attr(yesNo), accel2d: attr(yesNo), rendernode: attr(str) })),
  resolution: child(element({ x: attr(uint), y: attr(uint) })),
});

/** `<video>`: the guest's display adapter. */
export const video = element({
  model: child(videoModel),
  driver: child(
    element({
      name: attr(oneOf('qemu', 'vhostuser')),
      vgaconf: attr(oneOf('io', 'on', 'off')),
      iommu: attr(onOff),
      ats: attr(onOff),
      packed: attr(onOff),
      pagePerVq: attr(onOff, 'page_per_vq'),
    }),
  ),
  ...deviceInfo,
});
export type Video = XmlType<typeof video>;
