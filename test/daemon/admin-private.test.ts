// libvirt-ts/admin's changes — thread pool, client limits, logging, a client's disconnect, TLS reload — on a
// PRIVATE libvirtd (scripts/second-libvirtd.sh on its own directory and port, never the system daemon, which
// other tests use), each checked with virt-admin against the same daemon's admin socket.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Admin, type AdminServer, LibvirtError } from '../../src/admin/index.js';
import { Hypervisor } from '../../src/index.js';
import { describeDaemon, requireDaemon } from '../helpers/daemon.js';
import { keyValues, listedClients, logList, virtAdmin, virtAdminError } from '../helpers/virt-admin.js';

const DIR = '/var/tmp/lvts-admin-libvirtd';
const PORT = '16545';
const ENV = {
  ...process.env,
  LVTS_SECOND_DIR: DIR,
  LVTS_SECOND_PORT: PORT,
  LVTS_SECOND_HOST_UUID: '5ec0dd00-1b7a-4c3e-9d2f-1e2d3c4b5a71',
};
const SCRIPT = fileURLToPath(new URL('../../scripts/second-libvirtd.sh', import.meta.url));
/** The private daemon's admin socket, by libvirt-admin's `socket` URI parameter. */
const ADMIN = `libvirtd:///system?socket=${DIR}/run/libvirt-admin-sock`;
const QEMU = `qemu+unix:///system?socket=${DIR}/run/libvirt-sock`;

function daemon(command: 'start' | 'stop'): void {
  execFileSync('bash', [SCRIPT, command], { env: ENV, stdio: 'pipe', timeout: 120_000 });
}

/** Resolves once `check` holds, asking again every 50 ms for at most `boundMs`. */
async function until(check: () => boolean, what: string, boundMs = 15_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeDaemon('libvirt-ts/admin changes on a private libvirtd, against virt-admin', () => {
  let admin: Admin;
  let server: AdminServer;
  beforeAll(async () => {
    requireDaemon();
    if (process.getuid?.() !== 0) throw new Error('the admin suite starts its own libvirtd: run as root');
    daemon('stop');
    daemon('start');
    admin = await Admin.connect(ADMIN);
    server = await admin.server('libvirtd');
  });
  afterAll(async () => {
    await admin?.close();
    daemon('stop');
  });

  it('sets the thread pool: threadPool() and virt-admin server-threadpool-info show the new limits', async () => {
    await server.setThreadPool({ minWorkers: 2, maxWorkers: 7, prioWorkers: 3 });
    const pool = await server.threadPool();
    expect(pool).toMatchObject({ minWorkers: 2, maxWorkers: 7, prioWorkers: 3 });
    const theirs = keyValues(virtAdmin(ADMIN, 'server-threadpool-info', 'libvirtd'));
    expect(theirs).toMatchObject({ minWorkers: '2', maxWorkers: '7', prioWorkers: '3' });
    // One limit alone leaves the others.
    await server.setThreadPool({ maxWorkers: 9 });
    expect(await server.threadPool()).toMatchObject({ minWorkers: 2, maxWorkers: 9, prioWorkers: 3 });
  });

  it('refuses a thread pool libvirt refuses, with the error virt-admin prints', async () => {
    // A minimum above the maximum set before (9): the daemon refuses it (virt-admin checks only two limits given
    // together itself).
    const err = await server.setThreadPool({ minWorkers: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).codeName).toBe('INVALID_ARG');
    const theirs = virtAdminError(ADMIN, 'server-threadpool-set', 'libvirtd', '--min-workers', '10');
    expect(theirs).toContain((err as LibvirtError).message);
    // Nothing changed.
    expect(await server.threadPool()).toMatchObject({ minWorkers: 2, maxWorkers: 9 });
  });

  it('sets the client limits: clientLimits() and virt-admin server-clients-info show them', async () => {
    await server.setClientLimits({ nClientsMax: 100, nClientsUnauthMax: 10 });
    const limits = await server.clientLimits();
    expect(limits).toMatchObject({ nClientsMax: 100, nClientsUnauthMax: 10 });
    expect(keyValues(virtAdmin(ADMIN, 'server-clients-info', 'libvirtd'))).toMatchObject({
      nclients_max: '100',
      nclients_unauth_max: '10',
    });
    const err = await server.setClientLimits({ nClientsUnauthMax: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((await server.clientLimits()).nClientsUnauthMax).toBe(10);
  });

  it('disconnects a client: virt-admin no longer lists it and its connection closes', async () => {
    const hv = await Hypervisor.connect(QEMU);
    try {
      const closed = new Promise<void>((resolve) => hv.once('close', () => resolve()));
      const clients = await server.clients();
      const infos = await Promise.all(clients.map(async (c) => [c, await c.info()] as const));
      const mine = infos.filter(([, info]) => info.unixProcessId === process.pid).map(([c]) => c);
      expect(mine.length).toBe(1);
      const client = mine[0]!;
      expect(listedClients(virtAdmin(ADMIN, 'client-list', 'libvirtd')).map((c) => c.id)).toContain(
        client.id,
      );
      await client.disconnect();
      await closed;
      const err = await hv.hostname().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LibvirtError);
      // The daemon drops a closed client from its list on its next turn.
      await until(
        () => !listedClients(virtAdmin(ADMIN, 'client-list', 'libvirtd')).some((c) => c.id === client.id),
        `virt-admin no longer lists client ${client.id}`,
      );
      const gone = await server.client(client.id).catch((e: unknown) => e);
      expect((gone as LibvirtError).codeName).toBe('NO_CLIENT');
      await Promise.all(clients.map((c) => c.free()));
    } finally {
      await hv.close();
    }
  });

  it('sets the logging filters and outputs: virt-admin daemon-log-filters / -outputs read them back', async () => {
    // libvirt stores a filter's match as a pattern: '1:qemu' reads back as '1:*qemu*'.
    await admin.setLoggingFilters(['1:qemu', '3:remote']);
    const filters = await admin.loggingFilters();
    expect(filters).toEqual(logList(virtAdmin(ADMIN, 'daemon-log-filters')));
    expect(filters).toEqual(['1:*qemu*', '3:*remote*']);
    await admin.setLoggingFilters('');
    expect(await admin.loggingFilters()).toEqual([]);
    expect(logList(virtAdmin(ADMIN, 'daemon-log-filters'))).toEqual([]);

    // The daemon's /var/log/libvirt is its own directory (second-libvirtd.sh).
    await admin.setLoggingOutputs('3:file:/var/log/libvirt/lvts-admin.log');
    expect(await admin.loggingOutputs()).toEqual(['3:file:/var/log/libvirt/lvts-admin.log']);
    expect(logList(virtAdmin(ADMIN, 'daemon-log-outputs'))).toEqual([
      '3:file:/var/log/libvirt/lvts-admin.log',
    ]);
    await admin.setLoggingOutputs([]);
    expect(await admin.loggingOutputs()).toEqual(logList(virtAdmin(ADMIN, 'daemon-log-outputs')));
  });

  it('reloading TLS files without a TLS service is the typed error virt-admin prints', async () => {
    const err = await server.updateTlsFiles().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).function).toBe('virAdmServerUpdateTlsFiles');
    expect(virtAdminError(ADMIN, 'server-update-tls', 'libvirtd')).toContain((err as LibvirtError).message);
  });

  it('a closed admin connection, and its servers and clients, reject with typed errors before C', async () => {
    const other = await Admin.connect(ADMIN);
    const srv = await other.server('admin');
    const [client] = await srv.clients();
    expect(client).toBeDefined();
    await other.close();
    expect(other.closed).toBe(true);
    expect(srv.freed).toBe(true);
    expect(client!.freed).toBe(true);
    const closed = await other.servers().catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(LibvirtError);
    expect((closed as LibvirtError).codeName).toBe('INVALID_CONN');
    const freed = await srv.threadPool().catch((e: unknown) => e);
    expect(freed).toBeInstanceOf(LibvirtError);
    expect((freed as LibvirtError).message).toMatch(/already freed or closed/);
    expect((await client!.info().catch((e: unknown) => e)) as LibvirtError).toBeInstanceOf(LibvirtError);
    // Closing again is a no-op; `await using` closes too.
    await other.close();
    {
      await using scoped = await Admin.connect(ADMIN);
      expect(await scoped.isAlive()).toBe(true);
    }
  });

  it('an admin host that dies rejects its waiting and later calls typed; a new connection starts a new host', async () => {
    const hostPid = () =>
      execFileSync('pgrep', ['-P', String(process.pid), '-f', 'admin[/-]host'], { encoding: 'utf8' }).trim();
    const pid = Number(hostPid());
    expect(pid).toBeGreaterThan(0);
    const stale = await Admin.connect(ADMIN);
    const staleServer = await stale.server('libvirtd');
    process.kill(pid, 'SIGKILL');
    // The host's exit is noticed by the next call or while one waits; either way a typed, closed-connection error.
    const err = await staleServer.threadPool().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).connectionClosed).toBe(true);
    // A new connection runs in a new host; the old objects still refuse (their addresses were the old host's).
    await using fresh = await Admin.connect(ADMIN);
    expect(Number(hostPid())).not.toBe(pid);
    // The daemon lists its servers from a hash table: the order differs between daemon runs.
    expect((await fresh.servers()).map((s) => s.name).sort()).toEqual(['admin', 'libvirtd']);
    const still = await staleServer.clientLimits().catch((e: unknown) => e);
    expect((still as LibvirtError).connectionClosed).toBe(true);
    await stale.close();
  });

  it('checks arguments before anything reaches C', async () => {
    await expect(server.setThreadPool({})).rejects.toThrow(TypeError);
    await expect(server.setThreadPool({ nWorkers: 3 } as never)).rejects.toThrow(/unknown option 'nWorkers'/);
    await expect(server.setThreadPool({ minWorkers: -1 })).rejects.toThrow(RangeError);
    await expect(server.setThreadPool({ minWorkers: 2 ** 32 })).rejects.toThrow(RangeError);
    await expect(server.setClientLimits({ nClientsCurrent: 1 } as never)).rejects.toThrow(TypeError);
    await expect(server.client(-1)).rejects.toThrow(RangeError);
    await expect(server.client('1' as never)).rejects.toThrow(TypeError);
    await expect(admin.server('')).rejects.toThrow(TypeError);
    await expect(admin.setLoggingFilters(5 as never)).rejects.toThrow(TypeError);
    await expect(admin.setLoggingFilters(['1:qemu 3:remote'])).rejects.toThrow(TypeError);
    await expect(admin.setLoggingOutputs('a\0b')).rejects.toThrow(TypeError);
    await expect(admin.setDaemonTimeout(-5)).rejects.toThrow(RangeError);
  });
});
