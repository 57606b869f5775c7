import { defineConfig } from 'vitest/config';

// Three tiers: unit (no libvirt), driver (test:///default, in-process), daemon (qemu:///system, real guests).
export default defineConfig({
  test: {
    projects: [
      // Unit tests need no libvirt, but some run libosinfo's tools or esbuild: 30 s, for a loaded 2-core machine.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'driver', include: ['test/driver/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'daemon',
          include: ['test/daemon/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
