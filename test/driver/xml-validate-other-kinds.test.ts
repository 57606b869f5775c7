/**
 * Built output of the snapshot, checkpoint, capabilities, domain capabilities, node device and network port
 * models validates against libvirt's RelaxNG schemas (virt-xml-validate): documents built from typed objects
 * written by hand, and every corpus fixture of these kinds rebuilt from its parsed form.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildCapabilitiesXml,
  buildDomainCapabilitiesXml,
  buildDomainCheckpointXml,
  buildDomainSnapshotXml,
  buildNetworkPortXml,
  buildNodeDeviceXml,
  parseCapabilitiesXml,
  parseDomainCapabilitiesXml,
  parseDomainCheckpointXml,
  parseDomainSnapshotXml,
  parseNetworkPortXml,
  parseNodeDeviceXml,
} from '../../src/xml/index.js';
import { type SchemaAlias, validateXml } from '../helpers/validate.js';

const UUID = '5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a11';

/** Hand-built documents touching most fields of each kind, as a user of the model would write them. */
const HAND_BUILT: Array<[string, SchemaAlias | 'nodedev' | 'networkport', string]> = [
  [
    'external snapshot with a network overlay',
    'snapshot',
    buildDomainSnapshotXml({
      name: 'pre-upgrade',
      description: 'before the upgrade',
      memory: { snapshot: 'external', file: '/var/lib/libvirt/qemu/snapshot/vm.mem' },
      disks: {
        disks: [
          {
            name: 'vda',
            snapshot: 'external',
            type: 'file',
            driver: { type: 'qcow2' },
            source: { file: '/var/lib/libvirt/images/vm.overlay.qcow2' },
          },
          {
            name: 'vdb',
            snapshot: 'external',
            type: 'network',
            // domainsnapshot.rng allows <driver> only for file and block overlays
            source: {
              protocol: 'nbd',
              name: 'overlay',
              hosts: [{ name: 'storage.example.org', port: 10809 }],
            },
          },
          { name: 'vdc', snapshot: 'no' },
        ],
      },
    }),
  ],
  [
    'snapshot with its domain',
    'snapshot',
    buildDomainSnapshotXml({
      name: 's1',
      state: 'shutoff',
      creationTime: 1795945686,
      parent: { name: 's0' },
      memory: { snapshot: 'no' },
      disks: { disks: [{ name: 'vda', snapshot: 'internal' }] },
      domain: {
        type: 'qemu',
        name: 'vm',
        uuid: UUID,
        currentMemory: { value: 65536, unit: 'KiB' },
        vcpu: { placement: 'static', value: 1 },
        os: { type: { arch: 'x86_64', machine: 'pc', value: 'hvm' } },
      },
    }),
  ],
  [
    'checkpoint',
    'checkpoint',
    buildDomainCheckpointXml({
      name: 'c1',
      description: 'nightly',
      parent: { name: 'c0' },
      creationTime: 1795945686,
      disks: {
        disks: [
          { name: 'vda', checkpoint: 'bitmap', bitmap: 'c1', size: 0 },
          { name: 'vdb', checkpoint: 'no' },
        ],
      },
    }),
  ],
  [
    'capabilities with NUMA, caches and resctrl',
    'capabilities',
    buildCapabilitiesXml({
      host: {
        uuid: UUID,
        cpu: {
          arch: 'x86_64',
          model: 'Skylake-Client-IBRS',
          vendor: 'Intel',
          microcode: { version: 240 },
          signature: { family: 6, model: 94, stepping: 3 },
          counter: { name: 'tsc', frequency: 2600000000, scaling: false },
          topology: { sockets: 1, dies: 1, cores: 4, threads: 2 },
          maxphysaddr: { mode: 'emulate', bits: 39 },
          features: [{ name: 'vmx' }, { name: 'invtsc' }],
          pages: [
            { unit: 'KiB', size: 4 },
            { unit: 'KiB', size: 2048 },
          ],
        },
        powerManagement: { suspendMem: true, suspendDisk: true },
        iommu: { support: true },
        migrationFeatures: { live: true, uriTransports: { transports: ['tcp', 'rdma'] } },
        topology: {
          cells: {
            num: 1,
            cells: [
              {
                id: 0,
                memory: { value: 16318412, unit: 'KiB' },
                pages: [{ unit: 'KiB', size: 4, value: 4079603 }],
                distances: { siblings: [{ id: 0, value: 10 }] },
                caches: [
                  {
                    level: 1,
                    associativity: 'direct',
                    policy: 'writeback',
                    size: { value: 32, unit: 'KiB' },
                    line: { value: 64, unit: 'b' },
                  },
                ],
                cpus: { num: 1, cpus: [{ id: 0, socketId: 0, dieId: 0, coreId: 0, siblings: '0,4' }] },
              },
            ],
          },
        },
        cache: {
          banks: [
            {
              id: 0,
              level: 3,
              type: 'both',
              size: 8,
              unit: 'MiB',
              cpus: '0-7',
              controls: [{ granularity: 512, unit: 'KiB', type: 'both', maxAllocs: 16 }],
            },
          ],
          monitor: {
            level: 3,
            reuseThreshold: 270336,
            maxMonitors: 176,
            features: [{ name: 'llc_occupancy' }],
          },
        },
        memoryBandwidth: {
          nodes: [{ id: 0, cpus: '0-7', controls: [{ granularity: 10, min: 10, maxAllocs: 8 }] }],
        },
        secmodels: [
          {
            model: 'selinux',
            doi: '0',
            baselabels: [{ type: 'kvm', value: 'system_u:system_r:svirt_t:s0' }],
          },
        ],
      },
      guests: [
        {
          osType: 'hvm',
          arch: {
            name: 'x86_64',
            wordsize: 64,
            emulator: '/usr/bin/qemu-system-x86_64',
            machines: [{ value: 'pc', canonical: 'pc-i440fx-7.2', maxCpus: 255 }],
            domains: [{ type: 'qemu' }, { type: 'kvm', emulator: '/usr/bin/qemu-kvm' }],
          },
          features: { acpi: { default: true, toggle: true }, cpuselection: true, deviceboot: true },
        },
      ],
    }),
  ],
  [
    'domain capabilities',
    'domaincapabilities',
    buildDomainCapabilitiesXml({
      path: '/usr/bin/qemu-system-x86_64',
      domain: 'kvm',
      machine: 'pc-q35-7.2',
      arch: 'x86_64',
      vcpu: { max: 288 },
      iothreads: { supported: true },
      os: {
        supported: true,
        enums: [{ name: 'firmware', values: ['efi'] }],
        loader: {
          supported: true,
          values: ['/usr/share/OVMF/OVMF_CODE.fd'],
          enums: [{ name: 'type', values: ['pflash'] }],
        },
      },
      cpu: {
        modes: [
          { name: 'host-passthrough', supported: true },
          { name: 'maximum', supported: true },
          {
            name: 'host-model',
            supported: true,
            models: [{ fallback: 'forbid', value: 'Skylake-Client-IBRS' }],
            vendor: 'Intel',
            features: [{ policy: 'require', name: 'ss' }],
          },
          { name: 'custom', supported: true, models: [{ usable: 'yes', vendor: 'Intel', value: 'Nehalem' }] },
        ],
      },
      memoryBacking: { supported: true, enums: [{ name: 'sourceType', values: ['file', 'anonymous'] }] },
      devices: {
        disk: { supported: true, enums: [{ name: 'bus', values: ['virtio', 'sata'] }] },
        tpm: { supported: false },
      },
      features: {
        gic: { supported: false },
        vmcoreinfo: { supported: true },
        sev: { supported: true, cbitpos: 47, reducedPhysBits: 1, maxGuests: 15, maxESGuests: 0 },
        sgx: {
          supported: true,
          flc: true,
          sgx1: true,
          sgx2: false,
          sectionSize: { unit: 'KiB', value: 16384 },
          sections: { sections: [{ node: 0, size: 16384, unit: 'KiB' }] },
        },
      },
    }),
  ],
  [
    'SR-IOV PCI node device',
    'nodedev',
    buildNodeDeviceXml({
      name: 'pci_0000_02_00_0',
      path: '/sys/devices/pci0000:00/0000:00:04.0/0000:02:00.0',
      parent: { value: 'pci_0000_00_04_0' },
      driver: { name: 'igb' },
      capabilities: [
        {
          type: 'pci',
          class: '0x020000',
          domain: 0,
          bus: 2,
          slot: 0,
          function: 0,
          product: { id: 0x10c9, value: '82576 Gigabit Network Connection' },
          vendor: { id: 0x8086, value: 'Intel Corporation' },
          capabilities: [
            {
              type: 'virt_functions',
              maxCount: 7,
              addresses: [{ domain: 0, bus: 2, slot: 0x10, function: 0 }],
            },
          ],
          iommuGroup: { number: 12, addresses: [{ domain: 0, bus: 2, slot: 0, function: 0 }] },
          numa: { node: 0 },
          pciExpress: { links: [{ validity: 'cap', port: 1, speed: '2.5', width: 1 }] },
        },
      ],
    }),
  ],
  [
    'storage node device with removable media',
    'nodedev',
    buildNodeDeviceXml({
      name: 'block_sr0',
      devnodes: [{ type: 'dev', value: '/dev/sr0' }],
      parent: { value: 'scsi_1_0_0_0' },
      capabilities: [
        {
          type: 'storage',
          block: '/dev/sr0',
          bus: 'ata',
          driveType: 'cdrom',
          model: 'QEMU DVD-ROM',
          vendor: { value: 'QEMU' },
          capabilities: [
            {
              type: 'removable',
              mediaAvailable: true,
              mediaSize: 2048,
              logicalBlockSize: 2048,
              numBlocks: 1,
            },
          ],
        },
      ],
    }),
  ],
  [
    'vHBA node device',
    'nodedev',
    buildNodeDeviceXml({
      name: 'scsi_host5',
      parent: { wwnn: '20000000c9831b4b', wwpn: '10000000c9831b4b' },
      capabilities: [
        {
          type: 'scsi_host',
          host: 5,
          capabilities: [{ type: 'fc_host', wwnn: '2001001b32a9da4e', wwpn: '2101001b32a9da4e' }],
        },
      ],
    }),
  ],
  [
    'hostdev network port',
    'networkport',
    buildNetworkPortXml({
      uuid: UUID,
      owner: { name: 'vm1', uuid: UUID },
      group: 'webfront',
      mac: { address: '52:54:00:7b:35:93' },
      bandwidth: { inbound: { average: 1000 } },
      vlan: { tags: [{ id: 42 }] },
      rxfilters: { trustGuest: true },
      plug: {
        type: 'hostdev-pci',
        managed: true,
        driver: { name: 'vfio' },
        address: { domain: 0, bus: 2, slot: 0x10, function: 3 },
      },
    }),
  ],
];

const REBUILT: Array<[string, (xml: string) => string]> = [
  ['snapshot', (xml) => buildDomainSnapshotXml(parseDomainSnapshotXml(xml))],
  ['checkpoint', (xml) => buildDomainCheckpointXml(parseDomainCheckpointXml(xml))],
  ['capabilities', (xml) => buildCapabilitiesXml(parseCapabilitiesXml(xml))],
  ['domaincapabilities', (xml) => buildDomainCapabilitiesXml(parseDomainCapabilitiesXml(xml))],
  ['nodedev', (xml) => buildNodeDeviceXml(parseNodeDeviceXml(xml))],
  ['networkport', (xml) => buildNetworkPortXml(parseNetworkPortXml(xml))],
];

describe.concurrent('hand-built documents validate with virt-xml-validate', () => {
  for (const [what, kind, xml] of HAND_BUILT) {
    it(what, async () => {
      expect(await validateXml(xml, kind)).toEqual({ ok: true });
    });
  }
});

describe('rebuilt corpus documents validate with virt-xml-validate', () => {
  for (const [folder, rebuild] of REBUILT) {
    const dir = new URL(`../fixtures/xml/${folder}/`, import.meta.url);
    const files = readdirSync(dir).filter((file) => file.endsWith('.xml'));
    describe.concurrent(folder, () => {
      for (const file of files.sort()) {
        it(file, async () => {
          const xml = rebuild(readFileSync(new URL(file, dir), 'utf8'));
          expect(await validateXml(xml, folder as SchemaAlias)).toEqual({ ok: true });
        });
      }
    });
  }
});
