import { attr, child, element, leaf, list } from '../engine/describe.js';
import { oneOf, str } from '../engine/kinds.js';

/**
 * Driver namespaces other than QEMU's (domaincommon.rng): LXC's `<lxc:namespace>`, bhyve's and Xen's
 * `<…:commandline>`, VMware's `<vmware:datacenterpath>`. build() declares a prefix when its elements are used.
 */
export const LXC_NAMESPACE = 'http://libvirt.org/schemas/domain/lxc/1.0';
export const BHYVE_NAMESPACE = 'http://libvirt.org/schemas/domain/bhyve/1.0';
export const XEN_NAMESPACE = 'http://libvirt.org/schemas/domain/xen/1.0';
export const VMWARE_NAMESPACE = 'http://libvirt.org/schemas/domain/vmware/1.0';

/** `<lxc:sharenet type='netns' value='red'/>`: share a namespace of another container, process or netns. */
const lxcShare = element({ type: attr(oneOf('netns', 'name', 'pid')), value: attr(str) });

/** `<lxc:namespace>`: namespaces an LXC container shares instead of creating its own. */
export const lxcNamespace = element({
  sharenet: child(lxcShare, 'lxc:sharenet'),
  shareipc: child(lxcShare, 'lxc:shareipc'),
  shareuts: child(lxcShare, 'lxc:shareuts'),
});

export const otherNamespaceFields = {
  lxcNamespace: child(lxcNamespace, 'lxc:namespace'),
  bhyveCommandline: child(
    element({ args: list(element({ value: attr(str) }), 'bhyve:arg') }),
    'bhyve:commandline',
  ),
  xenCommandline: child(element({ args: list(element({ value: attr(str) }), 'xen:arg') }), 'xen:commandline'),
  vmwareDatacenterpath: leaf(str, 'vmware:datacenterpath'),
} as const;

export const OTHER_NAMESPACES = {
  lxc: LXC_NAMESPACE,
  bhyve: BHYVE_NAMESPACE,
  xen: XEN_NAMESPACE,
  vmware: VMWARE_NAMESPACE,
} as const;
