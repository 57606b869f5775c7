// Registers every libvirt callback signature (<functype>) as a koffi prototype, once per thread, for the
// event-loop thread to declare its trampolines with (`koffi.register(fn, koffi.pointer(type))`).
import koffi from 'koffi';
import { CALLBACKS, type CallbackName } from '../generated/callbacks.js';
import type { KoffiType } from './layouts.js';

let types: Map<CallbackName, KoffiType> | undefined;

/** koffi prototype types by callback name (`virConnectCloseFunc`, ...). */
export function callbackTypes(): ReadonlyMap<CallbackName, KoffiType> {
  if (types) return types;
  const out = new Map<CallbackName, KoffiType>();
  for (const name of Object.keys(CALLBACKS) as CallbackName[]) {
    try {
      out.set(name, koffi.proto(CALLBACKS[name].prototype));
    } catch (err) {
      // A second copy of this module on the same thread: the names are already registered.
      if (err instanceof Error && /Duplicate type name/.test(err.message)) out.set(name, koffi.type(name));
      else throw err;
    }
  }
  types = out;
  return out;
}
