/** A domain's state with the reason libvirt gives for it, both by name (`virDomainGetState`). */
import {
  DomainBlockedReason,
  DomainCrashedReason,
  DomainNostateReason,
  DomainPausedReason,
  DomainPMSuspendedReason,
  DomainRunningReason,
  DomainShutdownReason,
  DomainShutoffReason,
} from '../../native/generated/enums.js';
import { type DomainStateName, domainStateName } from '../core/values.js';

/** A reason's name: its generated short name in lower case (`FROM_SNAPSHOT` → `'from_snapshot'`). */
type ReasonName<E> = Lowercase<Extract<keyof E, string>>;

/** The reason tables, indexed by state name; each names libvirt's reasons for that state. */
const REASONS = {
  nostate: DomainNostateReason,
  running: DomainRunningReason,
  blocked: DomainBlockedReason,
  paused: DomainPausedReason,
  shutdown: DomainShutdownReason,
  shutoff: DomainShutoffReason,
  crashed: DomainCrashedReason,
  pmsuspended: DomainPMSuspendedReason,
} as const satisfies Record<DomainStateName, Readonly<Record<string, number>>>;

/**
 * `{ state, reason }`, typed so that each state carries only its own reasons:
 * `{ state: 'paused', reason: 'user' }`, `{ state: 'shutoff', reason: 'destroyed' }`. A reason newer than
 * these bindings is `'unknown'` with its number in `reasonCode`; so is the state of a newer libvirt.
 */
export type DomainState =
  | {
      [S in DomainStateName]: {
        /** The state (`virDomainState`), by name: `'running'`, `'paused'`, `'shutoff'`, … */
        state: S;
        /** Why the domain is in it, by name (`'user'`, `'booted'`, …; the state's `virDomain…Reason`). */
        reason: ReasonName<(typeof REASONS)[S]>;
        /** The reason's number, as libvirt gave it. */
        reasonCode: number;
      };
    }[DomainStateName]
  | {
      /** A state newer than these bindings. */
      state: 'unknown';
      /** Its reason cannot be named either. */
      reason: 'unknown';
      /** The reason's number, as libvirt gave it. */
      reasonCode: number;
    };

/** Reverse tables built once: reason number → name, per state. */
const REASON_NAMES = Object.fromEntries(
  Object.entries(REASONS).map(([state, table]) => [
    state,
    new Map(Object.entries(table).map(([name, value]) => [value as number, name.toLowerCase()])),
  ]),
) as Record<DomainStateName, Map<number, string>>;

export function decodeDomainState(state: number, reason: number): DomainState {
  const name = domainStateName(state);
  if (name === 'unknown') return { state: name, reason: 'unknown', reasonCode: reason };
  return {
    state: name,
    reason: REASON_NAMES[name].get(reason) ?? 'unknown',
    reasonCode: reason,
  } as DomainState;
}
