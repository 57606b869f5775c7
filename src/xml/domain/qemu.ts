import { attr, child, element, list, type XmlType } from '../engine/describe.js';
import { oneOf, str } from '../engine/kinds.js';

/** The QEMU driver's XML namespace; build() declares it when these elements are used. */
export const QEMU_NAMESPACE = 'http://libvirt.org/schemas/domain/qemu/1.0';

/** `<qemu:commandline>`: extra QEMU arguments and environment (unsupported by libvirt, but common). */
export const qemuCommandline = element({
  args: list(element({ value: attr(str) }), 'qemu:arg'),
  envs: list(element({ name: attr(str), value: attr(str) }), 'qemu:env'),
});

/** `<qemu:capabilities>`: QEMU capability flags to add or remove. */
export const qemuCapabilities = element({
  adds: list(element({ capability: attr(str) }), 'qemu:add'),
  dels: list(element({ capability: attr(str) }), 'qemu:del'),
});

/** `<qemu:deprecation behavior=>`. */
export const qemuDeprecation = element({ behavior: attr(oneOf('none', 'omit', 'reject', 'crash')) });

/** `<qemu:override>`: per-device QEMU property overrides (`<qemu:device alias=><qemu:frontend>`). */
export const qemuOverride = element({
  devices: list(
    element({
      alias: attr(str),
      frontend: child(
        element({
          properties: list(
            element({
              name: attr(str),
              type: attr(oneOf('string', 'signed', 'unsigned', 'bool', 'remove')),
              value: attr(str),
            }),
            'qemu:property',
          ),
        }),
        'qemu:frontend',
      ),
    }),
    'qemu:device',
  ),
});

export const qemuNamespaceFields = {
  qemuCommandline: child(qemuCommandline, 'qemu:commandline'),
  qemuCapabilities: child(qemuCapabilities, 'qemu:capabilities'),
  qemuDeprecation: child(qemuDeprecation, 'qemu:deprecation'),
  qemuOverride: child(qemuOverride, 'qemu:override'),
} as const;
export type QemuCommandline = XmlType<typeof qemuCommandline>;
