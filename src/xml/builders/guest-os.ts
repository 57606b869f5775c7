/**
 * What DomainBuilder.os() needs to know about the guest's operating system to choose as virt-install does
 * (virtinst 4.1: guest.py, devices/*.py, osdict.py), for x86_64. libvirt-ts/osinfo's entries carry one
 * (`entry.guest`); any object of this shape works, so libvirt-ts/xml stays free of the database.
 */
export interface GuestOsProfile {
  /** The OS's osinfo-db id, e.g. 'http://microsoft.com/win/11'. */
  id: string;
  /** Windows (winnt, win9x, win16): Hyper-V enlightenments and the hypervclock timer. */
  windows: boolean;
  /** The RTC keeps local time (Windows, Solaris), else UTC. */
  localtimeClock: boolean;
  /** The OS runs on the q35 chipset; else the i440fx 'pc' machine. */
  q35: boolean;
  /** The OS has a virtio-blk driver: disks go on the virtio bus. */
  virtioDisk: boolean;
  /** The OS has a virtio-net driver: NICs are virtio. */
  virtioNet: boolean;
  /** The OS has a virtio-gpu driver: the video model is virtio. */
  virtioGpu: boolean;
  /** The OS has a virtio RNG driver: the guest gets one. */
  virtioRng: boolean;
  /** The OS has a virtio balloon driver: the guest gets one. */
  virtioBalloon: boolean;
  /** virtio-serial: the guest agent's channel. */
  virtioSerial: boolean;
  /** USB 3 (qemu-xhci); else USB 2 (ICH9 EHCI + UHCI companions). */
  usb3: boolean;
  /** UEFI only (BIOS marked unsupported): firmware 'efi', and with it an emulated TPM. */
  requiresEfi: boolean;
  /** NIC models the OS has drivers for (osinfo names: 'e1000', 'rtl8139', …), for machines without virtio. */
  netModels: string[];
  /** Recommended memory in bytes for x86_64, as virt-install computes it (else twice the minimum). */
  memoryBytes?: number;
  /** Recommended vCPUs for x86_64, as virt-install computes it (else twice the minimum). */
  vcpus?: number;
}
