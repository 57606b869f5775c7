/**
 * `dom.console()`: the guest's console (serial or virtio) as a two-way Node stream. The libvirt stream is
 * non-blocking and driven by the event-loop thread, so an idle console parks no thread.
 */
import type { Duplex } from 'node:stream';
import { virDomainConsoleFlags, virStreamFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { LoopStreamDuplex } from '../../native/loop/streams/duplex.js';
import { optionalBoolean, optionalString } from '../core/checks.js';
import { ErrorCode, ErrorDomain, ErrorLevel, LibvirtError } from '../core/errors.js';
import { hubOf } from '../events/events.js';

/** `dom.openConsole()` options (`virDomainOpenConsole`): which console, and how to share it. */
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
  const duplex = await LoopStreamDuplex.open(stream);
  endWithConnection(domain, duplex);
  return duplex;
}

/**
 * libvirt sends a remote stream no event when its connection dies (keepalive, EOF), so the console would wait
 * forever: the Hypervisor's 'close' event ends it instead, with libvirt's own kind of error.
 */
function endWithConnection(domain: Handle, duplex: Duplex): void {
  let hub: ReturnType<typeof hubOf>;
  try {
    hub = hubOf(domain, 'domain.console');
  } catch {
    return; // A handle opened outside a Hypervisor: no close event to follow.
  }
  const subscription = hub.on('close', ({ reason }) => {
    const message = `the connection closed (${reason}); the console stream ended`;
    duplex.destroy(
      new LibvirtError(
        { code: ErrorCode.INTERNAL_ERROR, domain: ErrorDomain.RPC, level: ErrorLevel.ERROR, message },
        'virStreamRecv',
      ),
    );
  });
  duplex.once('close', () => void subscription.off().catch(() => {}));
}
