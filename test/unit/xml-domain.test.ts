import { describe, expect, it } from 'vitest';
import {
  buildDomainXml,
  type DomainDef,
  listUnknown,
  parseDomainXml,
  XmlWrongKindError,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

// What libvirtd 9.0 writes for a running q35 guest (virsh dumpxml), trimmed, plus the qemu namespace.
const RUNNING = `<domain type='kvm' id='3' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>web1</name>
  <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>
  <metadata>
    <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
      <libosinfo:os id="http://debian.org/debian/12"/>
    </libosinfo:libosinfo>
  </metadata>
  <memory unit='KiB'>2097152</memory>
  <currentMemory unit='KiB'>1048576</currentMemory>
  <memoryBacking><hugepages/><locked/></memoryBacking>
  <vcpu placement='static' current='2'>4</vcpu>
  <cputune><shares>2048</shares><vcpupin vcpu='0' cpuset='1-2'/><emulatorpin cpuset='0'/></cputune>
  <numatune><memory mode='strict' nodeset='0'/></numatune>
  <resource><partition>/machine</partition></resource>
  <os firmware='efi'>
    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
    <firmware><feature enabled='yes' name='secure-boot'/></firmware>
    <loader readonly='yes' secure='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.ms.fd</loader>
    <nvram template='/usr/share/OVMF/OVMF_VARS_4M.ms.fd'>/var/lib/libvirt/qemu/nvram/web1_VARS.fd</nvram>
    <boot dev='hd'/>
    <bootmenu enable='yes' timeout='3000'/>
    <smbios mode='sysinfo'/>
  </os>
  <features>
    <acpi/><apic/>
    <hyperv mode='custom'><relaxed state='on'/><spinlocks state='on' retries='8191'/></hyperv>
    <kvm><hidden state='on'/></kvm>
    <smm state='on'/>
  </features>
  <cpu mode='custom' match='exact' check='full'>
    <model fallback='forbid'>Skylake-Client-IBRS</model>
    <topology sockets='1' dies='1' cores='2' threads='2'/>
    <feature policy='require' name='vmx'/>
    <feature policy='disable' name='hle'/>
  </cpu>
  <clock offset='utc'><timer name='rtc' tickpolicy='catchup'/><timer name='hpet' present='no'/></clock>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>coredump-restart</on_crash>
  <pm><suspend-to-mem enabled='no'/><suspend-to-disk enabled='no'/></pm>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap' detect_zeroes='unmap'/>
      <source file='/var/lib/libvirt/images/web1.qcow2' index='2'/>
      <backingStore type='file' index='3'>
        <format type='raw'/>
        <source file='/var/lib/libvirt/images/base.raw'/>
        <backingStore/>
      </backingStore>
      <target dev='vda' bus='virtio'/>
      <iotune><total_bytes_sec>10485760</total_bytes_sec><read_iops_sec>400</read_iops_sec></iotune>
      <blockio logical_block_size='512' physical_block_size='4096'/>
      <alias name='virtio-disk0'/>
      <address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>
    </disk>
    <disk type='network' device='disk'>
      <driver name='qemu' type='raw'/>
      <source protocol='rbd' name='pool/image'>
        <host name='mon1.example.org' port='6789'/>
        <host name='mon2.example.org' port='6789'/>
      </source>
      <auth username='admin'><secret type='ceph' usage='client.admin'/></auth>
      <target dev='vdb' bus='virtio'/>
    </disk>
    <controller type='usb' index='0' model='qemu-xhci' ports='15'/>
    <controller type='pci' index='1' model='pcie-root-port'>
      <model name='pcie-root-port'/>
      <target chassis='1' port='0x10'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0' multifunction='on'/>
    </controller>
    <interface type='network'>
      <mac address='52:54:00:6d:90:02'/>
      <source network='default' portid='c1b3e4a8-fc6b-4d80-8b2a-6ab6e8b7cf1b' bridge='virbr0'/>
      <target dev='vnet2'/>
      <model type='virtio'/>
      <driver name='vhost' queues='4'/>
      <link state='up'/>
      <alias name='net0'/>
    </interface>
    <serial type='pty'><source path='/dev/pts/3'/><target type='isa-serial' port='0'><model name='isa-serial'/></target></serial>
    <console type='pty' tty='/dev/pts/3'><source path='/dev/pts/3'/><target type='serial' port='0'/></console>
    <channel type='unix'>
      <source mode='bind' path='/run/libvirt/qemu/channel/3-web1/org.qemu.guest_agent.0'/>
      <target type='virtio' name='org.qemu.guest_agent.0' state='connected'/>
      <address type='virtio-serial' controller='0' bus='0' port='1'/>
    </channel>
    <input type='tablet' bus='usb'><address type='usb' bus='0' port='1'/></input>
    <graphics type='vnc' port='5900' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <video><model type='virtio' heads='1' primary='yes'/></video>
    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source><address domain='0x0000' bus='0x03' slot='0x00' function='0x1'/></source>
    </hostdev>
    <watchdog model='i6300esb' action='reset'/>
    <memballoon model='virtio'><stats period='10'/></memballoon>
    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
    <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>
  </devices>
  <seclabel type='dynamic' model='apparmor' relabel='yes'><label>libvirt-4dea22b3</label></seclabel>
  <seclabel type='dynamic' model='dac' relabel='yes'><label>+64055:+64055</label></seclabel>
  <qemu:commandline><qemu:arg value='-no-hpet'/><qemu:env name='QEMU_AUDIO_DRV' value='none'/></qemu:commandline>
</domain>`;

describe('the domain model', () => {
  const dom = parseDomainXml(RUNNING);

  it('types the top level, tuning, os and cpu', () => {
    expect(dom).toMatchObject({
      type: 'kvm',
      id: 3,
      name: 'web1',
      uuid: '4dea22b3-1d52-d8f3-2516-782e98ab3fa0',
    });
    expect(dom.memory).toEqual({ value: 2097152, unit: 'KiB' });
    expect(dom.currentMemory).toEqual({ value: 1048576, unit: 'KiB' });
    expect(dom.memoryBacking).toMatchObject({ hugepages: {}, locked: true });
    expect(dom.vcpu).toEqual({ placement: 'static', current: 2, value: 4 });
    expect(dom.cputune?.vcpupins).toEqual([{ vcpu: 0, cpuset: '1-2' }]);
    expect(dom.os?.firmware).toBe('efi');
    expect(dom.os?.firmwareFeatures?.features).toEqual([{ enabled: true, name: 'secure-boot' }]);
    expect(dom.os?.loader).toMatchObject({ readonly: true, secure: true, type: 'pflash' });
    expect(dom.os?.bootmenu).toEqual({ enable: true, timeout: 3000 });
    expect(dom.features?.hyperv?.spinlocks).toEqual({ state: true, retries: 8191 });
    expect(dom.features?.kvm?.hidden?.state).toBe(true);
    expect(dom.cpu?.model).toEqual({ fallback: 'forbid', value: 'Skylake-Client-IBRS' });
    expect(dom.cpu?.features?.map((f) => f.name)).toEqual(['vmx', 'hle']);
    expect(dom.onCrash).toBe('coredump-restart');
    expect(dom.pm?.suspendToMem?.enabled).toBe(false);
    expect(dom.seclabels?.map((s) => s.model)).toEqual(['apparmor', 'dac']);
    expect(dom.qemuCommandline?.args).toEqual([{ value: '-no-hpet' }]);
    expect(dom.metadata?.[0]).toMatchObject({ name: 'libosinfo:libosinfo' });
  });

  it('types devices: disks with backing chains and network sources, NICs, chardevs, graphics, hostdevs', () => {
    const [file, rbd] = dom.devices!.disks!;
    expect(file?.driver).toMatchObject({ type: 'qcow2', cache: 'none', io: 'native', detectZeroes: 'unmap' });
    expect(file?.backingStore?.source?.file).toBe('/var/lib/libvirt/images/base.raw');
    expect(file?.backingStore?.backingStore).toEqual({});
    expect(file?.iotune).toEqual({ totalBytesSec: 10485760, readIopsSec: 400 });
    expect(file?.blockio).toEqual({ logicalBlockSize: 512, physicalBlockSize: 4096 });
    expect(file?.address).toMatchObject({ type: 'pci', domain: 0, bus: 4, slot: 0, function: 0 });
    expect(rbd?.source?.hosts).toEqual([
      { name: 'mon1.example.org', port: 6789 },
      { name: 'mon2.example.org', port: 6789 },
    ]);
    expect(rbd?.auth?.secret).toEqual({ type: 'ceph', usage: 'client.admin' });
    expect(dom.devices?.controllers?.[1]?.address?.multifunction).toBe(true);
    expect(dom.devices?.interfaces?.[0]).toMatchObject({ type: 'network', model: { type: 'virtio' } });
    expect(dom.devices?.interfaces?.[0]?.driver).toEqual({ name: 'vhost', queues: 4 });
    expect(dom.devices?.channels?.[0]?.target?.state).toBe('connected');
    expect(dom.devices?.graphics?.[0]).toMatchObject({ type: 'vnc', port: 5900, autoport: true });
    expect(dom.devices?.hostdevs?.[0]?.source?.address).toMatchObject({ bus: 3, function: 1 });
    expect(dom.devices?.rngs?.[0]?.backend).toEqual({ model: 'random', value: '/dev/urandom' });
    expect(listUnknown(dom)).toEqual([]);
  });

  it('round-trips semantically, including hex spellings and the namespace', () => {
    const out = buildDomainXml(dom);
    expect(xmlDifferences(RUNNING, out)).toEqual([]);
    expect(out).toContain('bus="0x04"');
    expect(out).toContain('xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0"');
  });

  it('keeps and lists what it does not know, and writes edits around it', () => {
    const xml = RUNNING.replace(
      "<watchdog model='i6300esb' action='reset'/>",
      "<watchdog model='i6300esb' action='reset' future='1'/><gizmo kind='x'><part/></gizmo>",
    );
    const d = parseDomainXml(xml);
    expect(listUnknown(d)).toEqual([
      '/domain/devices/watchdog[1]/@future',
      '/domain/devices/gizmo[1]',
      '/domain/devices/gizmo[1]/@kind',
      '/domain/devices/gizmo[1]/part[1]',
    ]);
    d.devices!.disks!.push({
      type: 'file',
      device: 'disk',
      source: { file: '/img/new.raw' },
      target: { dev: 'vdc', bus: 'virtio' },
    });
    d.vcpu!.value = 8;
    const out = buildDomainXml(d);
    const back = parseDomainXml(out);
    expect(back.devices?.disks?.map((x) => x.target?.dev)).toEqual(['vda', 'vdb', 'vdc']);
    expect(back.vcpu?.value).toBe(8);
    expect(listUnknown(back)).toEqual(listUnknown(d));
    // the new disk follows the other disks, not the unknown element
    expect(out.indexOf('/img/new.raw')).toBeLessThan(out.indexOf('<controller'));
  });

  it('builds a minimal definition a person writes by hand', () => {
    const def: DomainDef = {
      type: 'qemu',
      name: 'tiny',
      memory: { value: 64, unit: 'MiB' },
      os: { type: { arch: 'x86_64', machine: 'pc', value: 'hvm' } },
      devices: {
        disks: [
          {
            type: 'file',
            device: 'disk',
            source: { file: '/tmp/t.qcow2' },
            target: { dev: 'vda', bus: 'virtio' },
          },
        ],
      },
    };
    expect(buildDomainXml(def)).toBe(
      [
        '<domain type="qemu">',
        '  <name>tiny</name>',
        '  <memory unit="MiB">64</memory>',
        '  <os>',
        '    <type arch="x86_64" machine="pc">hvm</type>',
        '  </os>',
        '  <devices>',
        '    <disk type="file" device="disk">',
        '      <source file="/tmp/t.qcow2"/>',
        '      <target dev="vda" bus="virtio"/>',
        '    </disk>',
        '  </devices>',
        '</domain>',
        '',
      ].join('\n'),
    );
  });

  it('refuses other document kinds, naming both roots', () => {
    expect(() => parseDomainXml("<pool type='dir'><name>p</name></pool>")).toThrow(XmlWrongKindError);
    expect(() => parseDomainXml("<pool type='dir'><name>p</name></pool>")).toThrow(
      'expected a <domain> document but the root element is <pool>',
    );
  });

  it('refuses bad typed values with the path', () => {
    const bad = { devices: { disks: [{ driver: { cache: 'fast' } }] } } as unknown as DomainDef;
    expect(() => buildDomainXml(bad)).toThrow(
      /\/domain\/devices\/disk\[1\]\/driver\/@cache: expected 'default' \| 'none'/,
    );
  });
});
