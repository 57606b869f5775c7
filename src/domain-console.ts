/**
 * `dom.console()`: the guest's console (serial or virtio) as a two-way Node stream. The libvirt stream is
 * non-blocking and driven by the event-loop thread, so an idle console parks no thread.
 */
import type { Duplex } from 'node:stream';
import { virDomainConsoleFlags, virStreamFlags } from '../native/generated/enums.js';
import type { Handle } from '../native/handles.js';
import { call } from '../native/libvirt.js';
import { LoopStreamDuplex } from '../native/loop/streams/duplex.js';
import { optionalBoolean, optionalString } from './checks.js';

export interface ConsoleOptions {
  /** The console, serial or parallel device alias (`serial0`, `console1`, …). Default: the first console. */
  devName?: string;
  /** Take the console over from another client that has it open (`VIR_DOMAIN_CONSOLE_FORCE`). */
  force?: boolean;
  /** Refuse consoles whose driver cannot handle concurrent access safely (`VIR_DOMAIN_CONSOLE_SAFE`). */
  safe?: boolean;
}

/** Opens the console; the Duplex reads what the guest writes and writes what the guest reads. */
export async function openConsole(domain: Handle, options?: ConsoleOptions): Promise<Duplex> {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('console options must be an object');
  }
  const opts = options ?? {};
  const devName = optionalString(opts.devName, 'console devName');
  const flags =
    (optionalBoolean(opts.force, 'console force') ? virDomainConsoleFlags.VIR_DOMAIN_CONSOLE_FORCE : 0) |
    (optionalBoolean(opts.safe, 'console safe') ? virDomainConsoleFlags.VIR_DOMAIN_CONSOLE_SAFE : 0);
  if (!domain.connection) throw new TypeError('a domain handle must belong to a connection');
  const stream = await call('virStreamNew', domain.connection, virStreamFlags.VIR_STREAM_NONBLOCK);
  try {
    await call('virDomainOpenConsole', domain, devName ?? null, stream, flags);
  } catch (err) {
    await stream.free().catch(() => {});
    throw err;
  }
  return LoopStreamDuplex.open(stream);
}
