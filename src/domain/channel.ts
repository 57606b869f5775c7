/**
 * `dom.openChannel()`: a guest channel device (`<channel>`, e.g. a virtio-serial port) as a two-way Node
 * stream, on the console's machinery: a non-blocking libvirt stream driven by the event-loop thread.
 */
import type { Duplex } from 'node:stream';
import { DomainChannelFlags, virStreamFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { LoopStreamDuplex } from '../../native/loop/streams/duplex.js';
import { flagsFrom, optionalString } from '../core/checks.js';

/** `dom.openChannel()` options (`virDomainOpenChannel`). */
export interface ChannelOptions {
  /** Take the channel over from another client that has it open (`VIR_DOMAIN_CHANNEL_FORCE`). */
  force?: boolean;
}

/** Opens the channel named `name` (its target name or alias; undefined = the first channel). */
export async function openChannel(
  domain: Handle,
  name: string | undefined,
  options?: ChannelOptions,
): Promise<Duplex> {
  const channel = optionalString(name, 'openChannel name') ?? null;
  if (channel === '') throw new TypeError('openChannel name must not be empty');
  const flags = flagsFrom(options, 'openChannel options', { force: DomainChannelFlags.FORCE });
  if (!domain.connection) throw new TypeError('a domain handle must belong to a connection');
  const stream = await call('virStreamNew', domain.connection, virStreamFlags.VIR_STREAM_NONBLOCK);
  try {
    await call('virDomainOpenChannel', domain, channel, stream, flags);
  } catch (err) {
    await stream.free().catch(() => {});
    throw err;
  }
  return LoopStreamDuplex.open(stream);
}
