// The daemon tier's guest, written once: the smallest TCG guest qemu:///system runs (64 MiB, one vCPU, machine
// 'pc', booting from nothing) on a qcow2 disk that qemu-img makes, and the virsh cleanup that removes it
// whatever the test did. Tests add what they exercise (a cdrom, channels, iothreads) as extra XML.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { DAEMON_URI } from './daemon.js';

/** Where the daemon's guests keep their disks (readable by the qemu user). */
export const IMAGES = '/var/lib/libvirt/images';

export interface TinyGuestOptions {
  /** The `<vcpu>` element; default one vCPU. */
  vcpu?: string;
  /** Elements beside `<os>` (`<features><acpi/></features>`, `<iothreads>1</iothreads>`). */
  head?: string;
  /** Devices after the qcow2 disk `vda`, one per line. */
  devices?: string;
}

/** The guest's XML: `name` on the qcow2 disk `disk` (as `vda`), with the options' additions. */
export function tinyGuestXml(name: string, disk: string, options: TinyGuestOptions = {}): string {
  const head = options.head ? `\n  ${options.head}` : '';
  const devices = options.devices ? `\n    ${options.devices.trim().split('\n').join('\n    ')}` : '';
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  ${options.vcpu ?? '<vcpu>1</vcpu>'}
  <os><type arch='x86_64' machine='pc'>hvm</type></os>${head}
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='${disk}'/>
      <target dev='vda' bus='virtio'/>
    </disk>${devices}
  </devices>
</domain>`;
}

/** Makes an empty disk image with qemu-img (`qcow2` unless told). */
export function createImage(path: string, size = '16M', format = 'qcow2'): void {
  execFileSync('qemu-img', ['create', '-q', '-f', format, path, size]);
}

/**
 * Removes a guest through virsh, independently of the SDK, so a failed test cannot leave it behind: destroys
 * it, undefines it with its snapshot/checkpoint metadata and managed save, then deletes `files`. Each step
 * that finds nothing to do (already stopped, not defined) is skipped.
 */
export function removeGuest(name: string, files: readonly string[] = []): void {
  for (const args of [
    ['destroy', name],
    ['undefine', name, '--snapshots-metadata', '--checkpoints-metadata', '--managed-save'],
  ]) {
    try {
      execFileSync('virsh', ['-c', DAEMON_URI, ...args], { stdio: 'pipe' });
    } catch {
      // Already stopped or not defined.
    }
  }
  for (const file of files) rmSync(file, { force: true });
}

export interface TinyGuest {
  name: string;
  /** Its qcow2 disk, made by `tinyGuest()`. */
  disk: string;
  xml: string;
  /** `removeGuest(name, [disk, ...files])`. */
  remove(files?: readonly string[]): void;
}

/** A tiny guest's name, disk (created now, 16 MiB qcow2) and XML; define it with `hv.domains.define(xml)`. */
export function tinyGuest(name: string, options: TinyGuestOptions = {}): TinyGuest {
  const disk = `${IMAGES}/${name}.qcow2`;
  createImage(disk);
  return {
    name,
    disk,
    xml: tinyGuestXml(name, disk, options),
    remove: (files = []) => removeGuest(name, [disk, ...files]),
  };
}
