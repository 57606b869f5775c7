import koffi from 'koffi';
import { loadLibvirt } from '../../library.js';

/**
 * The stream functions the loop thread calls on non-blocking streams, with the event callback typed by our
 * own prototype so koffi accepts the registered trampoline. Loaded inside the loop thread only.
 */
export function bindStreamNative() {
  const lib = loadLibvirt().library('libvirt');
  const EventCallback = koffi.proto('void LoopStreamEventCallback(void *stream, int events, void *opaque)');
  return {
    EventCallback: koffi.pointer(EventCallback),
    eventAddCallback: lib.func(
      'int virStreamEventAddCallback(void *st, int events, LoopStreamEventCallback *cb, void *opaque, void *ff)',
    ) as (stream: bigint, events: number, cb: unknown, opaque: bigint, ff: null) => number,
    eventUpdateCallback: lib.func('int virStreamEventUpdateCallback(void *st, int events)') as (
      stream: bigint,
      events: number,
    ) => number,
    eventRemoveCallback: lib.func('int virStreamEventRemoveCallback(void *st)') as (stream: bigint) => number,
    // The buffers are JS memory koffi passes by address for the duration of the call.
    recv: lib.func('int virStreamRecv(void *st, _Out_ uint8_t *data, size_t nbytes)') as (
      stream: bigint,
      data: Uint8Array,
      nbytes: number,
    ) => number,
    send: lib.func('int virStreamSend(void *st, const uint8_t *data, size_t nbytes)') as (
      stream: bigint,
      data: Uint8Array,
      nbytes: number,
    ) => number,
    resetLastError: lib.func('void virResetLastError(void)') as () => void,
    lastErrorCode: lib.func('int virGetLastErrorCode(void)') as () => number,
    lastErrorDomain: lib.func('int virGetLastErrorDomain(void)') as () => number,
    lastErrorMessage: lib.func('const char *virGetLastErrorMessage(void)') as () => string,
  };
}

export type StreamNative = ReturnType<typeof bindStreamNative>;
