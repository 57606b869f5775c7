/**
 * The admin host: a child process that runs every libvirt-admin.so.0 call (libvirt-ts/admin), started by
 * remote.ts. Its own executor's worker threads make the calls, each reading its own error, as in the parent;
 * this process's main thread only relays messages.
 *
 * Why a process of its own: libvirt 9.0's libvirt-admin.so.0 carries its own copy of libvirt's object types
 * (datatypes.c), and each copy registers the same GLib types ('virConnect', …, 'virAdmClient') on first use.
 * Whichever library comes second in a process fails to register them and crashes in `g_object_new` (measured:
 * a virAdmConnectOpen after a virConnectOpen, and the reverse, both abort). libvirt.so and libvirt-admin.so.0
 * therefore never run in the same process here.
 */
import { LibvirtError } from '../errors.js';
import { Executor } from '../executor/executor.js';
import type { AdminReply, AdminRequest } from './protocol.js';

// Plain results: the parent turns returned pointers into its Handles.
const executor = new Executor({ minWorkers: 1, idleMs: 10_000 });

function failure(id: number, err: unknown): AdminReply {
  if (err instanceof LibvirtError) {
    return {
      id,
      ok: false,
      libvirt: {
        code: err.code,
        domain: err.domain,
        level: err.level,
        message: err.message,
        str1: err.str1,
        str2: err.str2,
        str3: err.str3,
        int1: err.int1,
        int2: err.int2,
      },
    };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return { id, ok: false, thrown: { name: e.name, message: e.message, isTypeError: e instanceof TypeError } };
}

async function run(request: AdminRequest): Promise<unknown> {
  switch (request.op) {
    case 'call':
      return executor.call(request.fn, request.args);
    case 'describe':
      return executor.describe(request.fn, request.args, request.describers);
    case 'release':
      // The connection's close goes after the releases queued before it, like any connection's (executor.ts).
      return request.fn === 'virAdmConnectClose'
        ? executor.closeConnection(request.args[0], request.fn)
        : executor.release(request.fn, request.args[0]);
  }
}

process.on('message', (message) => {
  const request = message as AdminRequest;
  run(request).then(
    (value) => process.send?.({ id: request.id, ok: true, value } satisfies AdminReply),
    (err: unknown) => process.send?.(failure(request.id, err)),
  );
});
// The parent went away: nothing is left to answer.
process.on('disconnect', () => process.exit(0));
