/**
 * Loads libvirt for the calling thread: libvirt.so.0 (or $LIBVIRT_TS_LIBRARY) at once, libvirt-qemu.so.0,
 * libvirt-lxc.so.0 and libvirt-admin.so.0 when one of their functions is first bound. Every thread that calls libvirt loads it
 * once (koffi caches the dlopen, so a worker's load is cheap); the module instance is per thread.
 */
import koffi from 'koffi';
import { LibraryLoadError } from './errors.js';
import type { LibraryName } from './generated/meta.js';

type LibraryHandle = ReturnType<typeof koffi.load>;

const SONAMES: Readonly<Record<LibraryName, string>> = {
  libvirt: 'libvirt.so.0',
  'libvirt-qemu': 'libvirt-qemu.so.0',
  'libvirt-lxc': 'libvirt-lxc.so.0',
  'libvirt-admin': 'libvirt-admin.so.0',
};

export interface LoadedLibvirt {
  /** the handle for one of libvirt's libraries, loaded on first use; throws LibraryLoadError */
  library(name: LibraryName): LibraryHandle;
  /** the version of the loaded libvirt, as `major.minor.micro` */
  version: string;
  /** libc's free(), for memory libvirt hands over with "the caller must free" */
  free: (ptr: bigint | null) => void;
}

let loaded: LoadedLibvirt | undefined;

function open(path: string): LibraryHandle {
  try {
    return koffi.load(path);
  } catch (err) {
    throw new LibraryLoadError(path, err);
  }
}

function versionString(n: number): string {
  return `${Math.floor(n / 1_000_000)}.${Math.floor(n / 1000) % 1000}.${n % 1000}`;
}

/** libvirt loaded, initialised and silenced on this thread. */
export function loadLibvirt(): LoadedLibvirt {
  if (loaded) return loaded;
  const main = open(process.env.LIBVIRT_TS_LIBRARY || SONAMES.libvirt);
  // virInitialize() first: the thread-local error slot does not exist before it (using the error API
  // first in a worker aborted the process).
  if (main.func('int virInitialize(void)')() < 0) {
    throw new LibraryLoadError(SONAMES.libvirt, new Error('virInitialize() failed'));
  }
  // Silence libvirt's default stderr printer natively: libvirt calls handler(userData, err), and with
  // virResetError as the handler that is virResetError(NULL), a no-op. No JS callback, no thread hop.
  const setErrorFunc = main.func('void virSetErrorFunc(void *userData, void *handler)');
  const resetError: bigint = main.symbol('virResetError');
  setErrorFunc(null, resetError);
  const libVer = [0];
  main.func('int virGetVersion(_Out_ unsigned long *libVer, const char *type, void *typeVer)')(
    libVer,
    null,
    null,
  );
  const libc = koffi.load('libc.so.6');
  const free = libc.func('void free(void *ptr)') as (ptr: bigint | null) => void;

  const handles = new Map<LibraryName, LibraryHandle>([['libvirt', main]]);
  loaded = {
    library(name) {
      let handle = handles.get(name);
      if (!handle) {
        handle = open(SONAMES[name]);
        handles.set(name, handle);
      }
      return handle;
    },
    version: versionString(Number(libVer[0])),
    free,
  };
  return loaded;
}
