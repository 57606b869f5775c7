// A throwaway TCG guest for the stream tests: transient (destroying it removes it), started paused so a test can
// attach to its console before SeaBIOS prints, with a serial console, SeaBIOS on serial and a VNC server.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { virDomainCreateFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';

export interface StreamGuest {
  name: string;
  domain: Handle;
  /** Destroys the guest (through virsh too, independently of the SDK) and deletes its disk. */
  remove(): Promise<void>;
}

export function streamGuestXml(name: string, disk: string): string {
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><bios useserial='yes'/></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='${disk}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
  </devices>
</domain>`;
}

export async function startStreamGuest(connection: Handle, name: string, uri: string): Promise<StreamGuest> {
  const disk = `/var/lib/libvirt/images/${name}.qcow2`;
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '16M']);
  const domain = await call(
    'virDomainCreateXML',
    connection,
    streamGuestXml(name, disk),
    virDomainCreateFlags.VIR_DOMAIN_START_PAUSED,
  );
  return {
    name,
    domain,
    async remove() {
      await call('virDomainDestroy', domain).catch(() => {});
      await domain.free().catch(() => {});
      try {
        execFileSync('virsh', ['-c', uri, 'destroy', name], { stdio: 'pipe' });
      } catch {
        // Already gone: the SDK's destroy worked.
      }
      rmSync(disk, { force: true });
    },
  };
}
