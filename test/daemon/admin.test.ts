// libvirt-ts/admin on the system daemon, READ-ONLY (other tests use this daemon: nothing here changes a setting
// or disconnects a client), compared with what virt-admin reports from the same daemon. The daemon's clients and
// worker counts change while other programs use it, so a changing answer is compared with the two virt-admin
// answers read just before and just after it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Admin, type AdminClient, type AdminServer, LibvirtError } from '../../src/admin/index.js';
import { Hypervisor } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon } from '../helpers/daemon.js';
import {
  ADMIN_URI,
  keyValues,
  type ListedClient,
  listedClients,
  logList,
  serverNames,
  virtAdmin,
} from '../helpers/virt-admin.js';

/** The hypervisor server of the daemon behind ADMIN_URI (`libvirtd`, or `virtqemud` on modular daemons). */
const SERVER = /^(\w+):/.exec(ADMIN_URI)![1]!;

interface Reading<T, U> {
  before: T;
  ours: U;
  after: T;
}

/**
 * virt-admin, then libvirt-ts, then virt-admin again, until virt-admin's two answers are equal (nothing changed
 * around ours: ours must then be the same), at most `attempts` times; the last reading otherwise.
 */
async function reading<T, U>(
  theirs: () => T,
  ours: () => Promise<U>,
  attempts = 10,
): Promise<Reading<T, U> & { stable: boolean }> {
  let last: Reading<T, U> | undefined;
  for (let i = 0; i < attempts; i++) {
    const before = theirs();
    const mine = await ours();
    const after = theirs();
    last = { before, ours: mine, after };
    if (JSON.stringify(before) === JSON.stringify(after)) return { ...last, stable: true };
  }
  return { ...last!, stable: false };
}

function asListed(c: AdminClient): ListedClient {
  return { id: c.id, transport: c.transport, connectedSince: c.timestamp };
}

describeDaemon('libvirt-ts/admin on the system daemon, read-only, against virt-admin', () => {
  let admin: Admin;
  let hv: Hypervisor;
  let server: AdminServer;
  beforeAll(async () => {
    requireDaemon();
    // A client of our own on the hypervisor server, so its list is never empty.
    hv = await Hypervisor.connect(DAEMON_URI);
    admin = await Admin.connect(ADMIN_URI);
    server = await admin.server(SERVER);
  });
  afterAll(async () => {
    await admin?.close();
    await hv?.close();
  });

  it('connects to the URI it was given and reports the daemon libvirt version virt-admin reports', async () => {
    expect(admin.uri).toBe(ADMIN_URI);
    expect(await admin.isAlive()).toBe(true);
    const version = await admin.libraryVersion();
    // "Running against daemon: 9.0.0"
    expect(virtAdmin(ADMIN_URI, 'version')).toContain(`Running against daemon: ${version.text}`);
  });

  it('servers(): the names virt-admin server-list lists, in its order', async () => {
    const servers = await admin.servers();
    try {
      expect(servers.map((s) => s.name)).toEqual(serverNames(virtAdmin(ADMIN_URI, 'server-list')));
      expect(servers.map((s) => s.name)).toContain(SERVER);
    } finally {
      await Promise.all(servers.map((s) => s.free()));
    }
  });

  it(`clients(): ids, transports and connection times virt-admin client-list ${SERVER} lists`, async () => {
    const read = await reading(
      () => listedClients(virtAdmin(ADMIN_URI, 'client-list', SERVER)),
      async () => {
        const clients = await server.clients();
        const listed = clients.map(asListed);
        await Promise.all(clients.map((c) => c.free()));
        return listed;
      },
    );
    const byId = (list: ListedClient[]) => new Map(list.map((c) => [c.id, c]));
    const before = byId(read.before);
    const after = byId(read.after);
    if (read.stable) expect(read.ours).toEqual(read.before);
    // Whatever else happened meanwhile: a client listed before and after was there all along, with the same
    // transport and connection time; one of ours that virt-admin did not list before connected after it (ids grow).
    const ours = byId(read.ours);
    for (const [id, c] of before) if (after.has(id)) expect(ours.get(id)).toEqual(c);
    const maxBefore = Math.max(-1, ...before.keys());
    for (const [id, c] of ours) {
      if (before.has(id)) expect(c).toEqual(before.get(id));
      else expect(id).toBeGreaterThan(maxBefore);
    }
  });

  it('finds our own hypervisor connection among the clients, and its identity is what virt-admin client-info says', async () => {
    const clients = await server.clients();
    try {
      const infos = await Promise.all(clients.map(async (c) => [c, await c.info()] as const));
      const mine = infos.filter(([, info]) => info.unixProcessId === process.pid);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      for (const [client, info] of mine) {
        const theirs = keyValues(virtAdmin(ADMIN_URI, 'client-info', SERVER, String(client.id)));
        expect(theirs.id).toBe(String(client.id));
        expect(theirs.transport).toBe(client.transport);
        expect(theirs.readonly).toBe(info.readonly ? 'yes' : 'no');
        expect(theirs.unix_user_id).toBe(String(info.unixUserId));
        expect(theirs.unix_user_name).toBe(info.unixUserName);
        expect(theirs.unix_group_id).toBe(String(info.unixGroupId));
        expect(theirs.unix_group_name).toBe(info.unixGroupName);
        expect(theirs.unix_process_id).toBe(String(process.pid));
        expect(client.transport).toBe('unix');
        expect(client.connectedAt?.getTime()).toBe(client.timestamp * 1000);
      }
      // Looked up by id, the same client.
      const [first] = mine[0]!;
      await using again = await server.client(first.id);
      expect(asListed(again)).toEqual(asListed(first));
    } finally {
      await Promise.all(clients.map((c) => c.free()));
    }
  });

  it(`threadPool(): what virt-admin server-threadpool-info ${SERVER} reports`, async () => {
    const read = await reading(
      () => keyValues(virtAdmin(ADMIN_URI, 'server-threadpool-info', SERVER)),
      () => server.threadPool(),
    );
    const pool = read.ours;
    const asText = (p: typeof pool) =>
      Object.fromEntries(
        (
          ['minWorkers', 'maxWorkers', 'nWorkers', 'freeWorkers', 'prioWorkers', 'jobQueueDepth'] as const
        ).map((k) => [k, String(p[k])]),
      );
    // The limits are settings: they agree whatever the daemon does meanwhile; the counts when it stood still.
    for (const k of ['minWorkers', 'maxWorkers', 'prioWorkers'] as const) {
      expect(String(pool[k])).toBe(read.before[k]);
    }
    if (read.stable) expect(asText(pool)).toEqual(read.before);
    expect(pool.nWorkers).toBeLessThanOrEqual(pool.maxWorkers);
    expect(pool.freeWorkers).toBeLessThanOrEqual(pool.nWorkers);
    expect(Object.keys(pool.raw).sort()).toEqual(Object.keys(read.before).sort());
  });

  it(`clientLimits(): what virt-admin server-clients-info ${SERVER} reports`, async () => {
    const read = await reading(
      () => keyValues(virtAdmin(ADMIN_URI, 'server-clients-info', SERVER)),
      () => server.clientLimits(),
    );
    const limits = read.ours;
    expect(String(limits.nClientsMax)).toBe(read.before.nclients_max);
    expect(String(limits.nClientsUnauthMax)).toBe(read.before.nclients_unauth_max);
    if (read.stable) {
      expect(String(limits.nClientsCurrent)).toBe(read.before.nclients);
      expect(String(limits.nClientsUnauth)).toBe(read.before.nclients_unauth);
    }
    // Our own hypervisor connection is one of them.
    expect(limits.nClientsCurrent).toBeGreaterThanOrEqual(1);
  });

  it('logging outputs and filters: what virt-admin daemon-log-outputs / daemon-log-filters report', async () => {
    expect(await admin.loggingOutputs()).toEqual(logList(virtAdmin(ADMIN_URI, 'daemon-log-outputs')));
    expect(await admin.loggingFilters()).toEqual(logList(virtAdmin(ADMIN_URI, 'daemon-log-filters')));
  });

  it('an unknown server or client is libvirt typed not-found error', async () => {
    const noServer = await admin.server('lvts-no-such-server').catch((e: unknown) => e);
    expect(noServer).toBeInstanceOf(LibvirtError);
    expect((noServer as LibvirtError).codeName).toBe('NO_SERVER');
    // Ids grow from 0 and are never reused: this one is far past any the daemon handed out.
    const noClient = await server.client(2 ** 52).catch((e: unknown) => e);
    expect(noClient).toBeInstanceOf(LibvirtError);
    expect((noClient as LibvirtError).codeName).toBe('NO_CLIENT');
  });
});
