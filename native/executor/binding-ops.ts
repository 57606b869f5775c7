import { isMainThread } from 'node:worker_threads';
import { CallFailure, createBinding } from '../binding.js';
import { isComposite, runComposite } from './composite.js';
import type { Ops } from './ops.js';

/**
 * The real libvirt behind an executor worker. Refuses to run on the main thread: the executor exists so that
 * thread never enters libvirt (blocking calls, thread-local errors, callback deadlocks).
 */
export function createBindingOps(): Ops {
  if (isMainThread)
    throw new Error('libvirt-ts: the executor binding must not be created on the main thread');
  const binding = createBinding();
  return {
    invoke: (name, args) =>
      isComposite(name) ? runComposite(binding, name, args) : binding.invoke(name, args),
    libvirtErrorOf: (thrown) => (thrown instanceof CallFailure ? thrown.error : null),
    resetError: () => binding.resetError(),
    registerEventImpl: () => {
      if ((binding.fns.virEventRegisterDefaultImpl as () => number)() < 0) {
        throw new Error(
          `virEventRegisterDefaultImpl failed: ${binding.lastError()?.message ?? 'unknown error'}`,
        );
      }
    },
  };
}
