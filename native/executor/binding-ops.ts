import { isMainThread, workerData } from 'node:worker_threads';
import { CallFailure, createBinding } from '../binding.js';
import { ABORT_CONNECTION, isComposite, runComposite } from './composite.js';
import type { Ops } from './ops.js';
import type { WorkerInit } from './protocol.js';
import { createSocketTable } from './sockets.js';

/**
 * The real libvirt behind an executor worker. Refuses to run on the main thread: the executor exists so that
 * thread never enters libvirt (blocking calls, thread-local errors, callback deadlocks).
 */
export function createBindingOps(): Ops {
  if (isMainThread)
    throw new Error('libvirt-ts: the executor binding must not be created on the main thread');
  const binding = createBinding();
  const sockets = createSocketTable((workerData as WorkerInit).sockets);
  return {
    invoke: (name, args) => {
      if (isComposite(name)) {
        return name === ABORT_CONNECTION
          ? sockets.abort(args[0] as bigint)
          : runComposite(binding, name, args);
      }
      // A daemon connection's socket is recorded at its open and forgotten at its close (sockets.ts).
      if (name.startsWith('virConnectOpen')) return sockets.open(() => binding.invoke(name, args));
      if (name === 'virConnectClose') sockets.forget(args[0] as bigint);
      return binding.invoke(name, args);
    },
    libvirtErrorOf: (thrown) => (thrown instanceof CallFailure ? thrown.error : null),
    resetError: () => binding.resetError(),
    isAlive: (connection) => (binding.fns.virConnectIsAlive as (c: bigint) => number)(connection) === 1,
    registerEventImpl: () => {
      if ((binding.fns.virEventRegisterDefaultImpl as () => number)() < 0) {
        throw new Error(
          `virEventRegisterDefaultImpl failed: ${binding.lastError()?.message ?? 'unknown error'}`,
        );
      }
    },
  };
}
