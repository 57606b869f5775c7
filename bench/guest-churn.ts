// The main thread's event-loop delay while a real TCG guest starts and is destroyed, with 64 other calls in
// flight the whole time. Needs qemu:///system (a running libvirtd with QEMU) and qemu-img.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { call, type Handle } from 'libvirt-ts/raw';

export interface ChurnResult {
  cycles: number;
  callsCompleted: number;
  eventLoopDelayP50Ms: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** Median wall time of virDomainCreate + virDomainDestroy, ms. */
  startDestroyMedianMs: number;
}

const NAME = 'lvts-bench-churn';
const DISK = `/var/lib/libvirt/images/${NAME}.qcow2`;
const XML = `<domain type='qemu'><name>${NAME}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type></os>
<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${DISK}'/>
<target dev='vda' bus='virtio'/></disk><graphics type='vnc' port='-1' listen='127.0.0.1'/></devices></domain>`;

export async function measureGuestChurn(uri: string, cycles = 5): Promise<ChurnResult> {
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', DISK, '64M']);
  const conn = await call('virConnectOpen', uri);
  let dom: Handle | undefined;
  try {
    dom = await call('virDomainDefineXML', conn, XML);
    let running = true;
    let completed = 0;
    const inFlight = Array.from({ length: 64 }, async () => {
      while (running) {
        await call('virConnectIsAlive', conn);
        completed++;
      }
    });
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const times: number[] = [];
    for (let i = 0; i < cycles; i++) {
      const start = performance.now();
      await call('virDomainCreate', dom);
      await call('virDomainDestroy', dom);
      times.push(performance.now() - start);
    }
    delay.disable();
    running = false;
    await Promise.all(inFlight);
    times.sort((a, b) => a - b);
    return {
      cycles,
      callsCompleted: completed,
      eventLoopDelayP50Ms: delay.percentile(50) / 1e6,
      eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
      eventLoopDelayMaxMs: delay.max / 1e6,
      startDestroyMedianMs: times[Math.floor(times.length / 2)]!,
    };
  } finally {
    if (dom) {
      await call('virDomainDestroy', dom).catch(() => {});
      await call('virDomainUndefine', dom).catch(() => {});
      await dom.free();
    }
    await conn.free();
    rmSync(DISK, { force: true });
  }
}
