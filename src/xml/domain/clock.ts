import { attr, child, element, list, type XmlType } from '../engine/describe.js';
import { oneOf, str, uint, yesNo } from '../engine/kinds.js';

/** `<timer name= tickpolicy= present=>`. */
export const timer = element({
  name: attr(oneOf('platform', 'pit', 'rtc', 'hpet', 'tsc', 'kvmclock', 'hypervclock', 'armvtimer')),
  track: attr(oneOf('boot', 'guest', 'wall', 'realtime')),
  tickpolicy: attr(oneOf('delay', 'catchup', 'merge', 'discard')),
  present: attr(yesNo),
  frequency: attr(uint),
  mode: attr(oneOf('auto', 'native', 'emulate', 'paravirt', 'smpsafe')),
  catchup: child(element({ threshold: attr(uint), slew: attr(uint), limit: attr(uint) })),
});

/** `<clock offset=>`: how the guest clock relates to the host's, and its timers. */
export const clock = element({
  offset: attr(oneOf('utc', 'localtime', 'timezone', 'variable', 'absolute')),
  timezone: attr(str),
  adjustment: attr(str),
  basis: attr(oneOf('utc', 'localtime')),
  start: attr(uint),
  timers: list(timer, 'timer'),
});
export type Clock = XmlType<typeof clock>;

/** `<pm><suspend-to-mem enabled='no'/><suspend-to-disk enabled='no'/></pm>`. */
export const pm = element({
  suspendToMem: child(element({ enabled: attr(yesNo) }), 'suspend-to-mem'),
  suspendToDisk: child(element({ enabled: attr(yesNo) }), 'suspend-to-disk'),
});
export type Pm = XmlType<typeof pm>;

export const LIFECYCLE_ACTIONS = ['destroy', 'restart', 'preserve', 'rename-restart'] as const;
export const CRASH_ACTIONS = [...LIFECYCLE_ACTIONS, 'coredump-destroy', 'coredump-restart'] as const;
export const LOCKFAILURE_ACTIONS = ['poweroff', 'restart', 'pause', 'ignore'] as const;
