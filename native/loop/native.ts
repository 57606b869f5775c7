import koffi from 'koffi';
import { loadLibvirt } from '../library.js';

/**
 * The C functions the loop thread needs, declared with callback parameters typed by our own prototypes so
 * koffi accepts the registered trampolines. One prototype per callback signature; subscriptions are told
 * apart by the `opaque` argument.
 */
export function bindLoopNative() {
  const lib = loadLibvirt().library('libvirt');
  const libc = koffi.load('libc.so.6');
  const LifecycleCallback = koffi.proto(
    'int LoopLifecycleCallback(void *conn, void *dom, int event, int detail, void *opaque)',
  );
  const HandleCallback = koffi.proto('void LoopHandleCallback(int watch, int fd, int events, void *opaque)');
  return {
    LifecycleCallback: koffi.pointer(LifecycleCallback),
    HandleCallback: koffi.pointer(HandleCallback),
    registerDefaultImpl: lib.func('int virEventRegisterDefaultImpl(void)') as () => number,
    runDefaultImpl: lib.func('int virEventRunDefaultImpl(void)') as () => number,
    addHandle: lib.func(
      'int virEventAddHandle(int fd, int events, LoopHandleCallback *cb, void *opaque, void *ff)',
    ) as (fd: number, events: number, cb: unknown, opaque: bigint | null, ff: null) => number,
    domainGetName: lib.func('const char *virDomainGetName(void *dom)') as (dom: bigint) => string | null,
    domainGetUUIDString: lib.func('int virDomainGetUUIDString(void *dom, _Out_ uint8_t *buf)') as (
      dom: bigint,
      buf: Uint8Array,
    ) => number,
    resetLastError: lib.func('void virResetLastError(void)') as () => void,
    lastErrorMessage: lib.func('const char *virGetLastErrorMessage(void)') as () => string,
    pipe2: libc.func('int pipe2(_Out_ int32_t *fds, int flags)') as (
      fds: Int32Array,
      flags: number,
    ) => number,
    write: libc.func('long write(int fd, const uint8_t *buf, unsigned long count)') as (
      fd: number,
      buf: Uint8Array,
      count: number,
    ) => number,
    read: libc.func('long read(int fd, _Out_ uint8_t *buf, unsigned long count)') as (
      fd: number,
      buf: Uint8Array,
      count: number,
    ) => number,
  };
}

export type LoopNative = ReturnType<typeof bindLoopNative>;
