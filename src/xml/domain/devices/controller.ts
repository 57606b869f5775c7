import { scaledInteger } from '../../common/size.js';
import { attr, child, element, leaf, type XmlType } from '../../engine/describe.js';
import { oneOf, onOff, str, uint } from '../../engine/kinds.js';
import { deviceInfo } from './device-info.js';

const CONTROLLER_MODELS = [
  // usb
  'piix3-uhci',
  'piix4-uhci',
  'ehci',
  'ich9-ehci1',
  'ich9-uhci1',
  'ich9-uhci2',
  'ich9-uhci3',
  'vt82c686b-uhci',
  'pci-ohci',
  'nec-xhci',
  'qusb1',
  'qusb2',
  'qemu-xhci',
  'none',
  // scsi
  'auto',
  'buslogic',
  'lsilogic',
  'lsisas1068',
  'vmpvscsi',
  'ibmvscsi',
  'virtio-scsi',
  'lsisas1078',
  'virtio-transitional',
  'virtio-non-transitional',
  'ncr53c90',
  'dc390',
  'am53c974',
  'virtio',
  // pci
  'pci-root',
  'pcie-root',
  'pci-bridge',
  'dmi-to-pci-bridge',
  'pcie-to-pci-bridge',
  'pcie-root-port',
  'pcie-switch-upstream-port',
  'pcie-switch-downstream-port',
  'pci-expander-bus',
  'pcie-expander-bus',
  // ide
  'piix3',
  'piix4',
  'ich6',
  // isa, xenbus
  'isa',
  'pseries',
  'hyperv',
  's390',
] as const;

/** `<controller type= index= model=>` (formatdomain "Controllers"). */
export const controller = element({
  type: attr(oneOf('ide', 'fdc', 'scsi', 'sata', 'usb', 'ccid', 'virtio-serial', 'xenbus', 'pci', 'isa')),
  index: attr(uint),
  model: attr(oneOf(...CONTROLLER_MODELS)),
  ports: attr(uint),
  vectors: attr(uint),
  maxGrantFrames: attr(uint),
  maxEventChannels: attr(uint),
  /** PCI controllers: the QEMU device behind the model (`<model name='pcie-root-port'/>`). */
  modelName: child(
    element({
      name: attr(
        oneOf(
          'spapr-pci-host-bridge',
          'pci-bridge',
          'i82801b11-bridge',
          'pcie-pci-bridge',
          'ioh3420',
          'pcie-root-port',
          'x3130-upstream',
          'xio3130-downstream',
          'pxb',
          'pxb-pcie',
        ),
      ),
    }),
    'model',
  ),
  target: child(
    element({
      chassisNr: attr(uint),
      chassis: attr(uint),
      port: attr(str),
      busNr: attr(uint),
      index: attr(uint),
      hotplug: attr(onOff),
      memReserve: attr(uint),
      /** The guest NUMA node of a PCI expander bus: `<node>1</node>`. */
      node: leaf(uint),
    }),
  ),
  driver: child(
    element({
      queues: attr(uint),
      cmdPerLun: attr(uint, 'cmd_per_lun'),
      maxSectors: attr(uint, 'max_sectors'),
      ioeventfd: attr(onOff),
      iothread: attr(uint),
      iommu: attr(onOff),
      ats: attr(onOff),
      packed: attr(onOff),
      pagePerVq: attr(onOff, 'page_per_vq'),
    }),
  ),
  /** pci-root/pcie-root: the size of the 64-bit PCI hole. */
  pcihole64: child(scaledInteger),
  /** USB companion controllers: `<master startport='0'/>`. */
  master: child(element({ startport: attr(uint) })),
  ...deviceInfo,
});
export type Controller = XmlType<typeof controller>;
