import { oneOf } from '../engine/kinds.js';

/**
 * CPU architecture names libvirt knows (basictypes.rng `archnames`, plus loongarch64 from newer releases): host
 * CPUs, guest arches, `<os><type arch=>`.
 */
export const ARCH_NAMES = [
  'aarch64',
  'alpha',
  'armv6l',
  'armv7l',
  'cris',
  'i686',
  'ia64',
  'lm32',
  'loongarch64',
  'm68k',
  'microblaze',
  'microblazeel',
  'mips',
  'mipsel',
  'mips64',
  'mips64el',
  'openrisc',
  'parisc',
  'parisc64',
  'ppc',
  'ppc64',
  'ppc64le',
  'ppcemb',
  'riscv32',
  'riscv64',
  's390',
  's390x',
  'sh4',
  'sh4eb',
  'sparc',
  'sparc64',
  'unicore32',
  'x86_64',
  'xtensa',
  'xtensaeb',
] as const;
export type ArchName = (typeof ARCH_NAMES)[number];
export const archName = oneOf(...ARCH_NAMES);
