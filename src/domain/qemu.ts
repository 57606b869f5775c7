/**
 * `dom.qemu`: libvirt-qemu's direct line to the QEMU process — monitor commands (QMP, or HMP text) and raw
 * guest-agent commands, parsed. libvirt does not support what these do behind its back and marks the domain
 * tainted ("custom-monitor"); prefer the typed methods where one exists. Monitor events: `hv.on('qemu.monitor')`
 * and `dom.on('qemu.monitor')` (docs/events.md). Only the QEMU driver has these: elsewhere each call rejects
 * with `NO_SUPPORT`.
 */
import { DomainQemuMonitorCommandFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { optionalBoolean, optionsObject, requireNonEmptyString } from '../core/checks.js';
import type { AgentTimeout, DomainAgent } from './agent.js';

/** A QMP command: its JSON text, or the object (`{ execute: 'query-status' }`) to serialise. */
export type QmpCommand =
  | string
  | {
      /** The QMP command's name (`query-status`). */
      execute: string;
      /** Its arguments, as QMP takes them. */
      arguments?: Record<string, unknown>;
      [key: string]: unknown;
    };

/** `qemu.monitorCommand()` options (`virDomainQemuMonitorCommand`). */
export interface MonitorCommandOptions {
  /** Send `command` as a human monitor (HMP) command (`info status`); resolves its text. Default: QMP. */
  hmp?: boolean;
}

/** The command as text: an object serialised to JSON (QMP), a string as it is. */
function commandText(command: unknown, what: string): string {
  if (typeof command === 'string') return requireNonEmptyString(command, what);
  if (command === null || typeof command !== 'object' || Array.isArray(command)) {
    throw new TypeError(`${what} must be a JSON string or an object`);
  }
  return JSON.stringify(command);
}

/** A reply of QEMU's (or its agent's) in JSON, parsed; text that is not JSON rejects with a TypeError naming it. */
function parseReply(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new TypeError(`${what}: the reply is not JSON: ${text.slice(0, 200)}`);
  }
}

/**
 * `dom.qemu`: libvirt-qemu's direct line to the QEMU process: monitor commands (QMP, or HMP text) and raw
 * guest-agent commands, parsed. libvirt marks a domain used so as tainted; only the QEMU driver has these.
 */
export class DomainQemu {
  readonly #handle: () => Handle;
  readonly #agent: DomainAgent;

  /** @internal Reached as `dom.qemu`. */
  constructor(handle: () => Handle, agent: DomainAgent) {
    this.#handle = handle;
    this.#agent = agent;
  }

  /**
   * Sends one command to the domain's QEMU monitor (`virDomainQemuMonitorCommand`). QMP (the default):
   * `{ execute: 'query-status' }` or its JSON text; resolves QEMU's reply parsed (`{ return: { status:
   * 'running', … } }`; a command QEMU refuses resolves its `{ error: { class, desc } }` reply as QEMU sent it).
   * With `{ hmp: true }`: a human monitor command (`'info status'`), resolving its text.
   */
  monitorCommand(command: QmpCommand, options?: { hmp?: false }): Promise<unknown>;
  monitorCommand(command: string, options: { hmp: true }): Promise<string>;
  monitorCommand(command: QmpCommand, options?: MonitorCommandOptions): Promise<unknown>;
  async monitorCommand(command: QmpCommand, options?: MonitorCommandOptions): Promise<unknown> {
    const opts = optionsObject(options, 'qemu.monitorCommand options', ['hmp']);
    const hmp = optionalBoolean(opts.hmp, 'qemu.monitorCommand hmp') ?? false;
    if (hmp && typeof command !== 'string') {
      throw new TypeError('qemu.monitorCommand command must be a string with { hmp: true }');
    }
    const text = commandText(command, 'qemu.monitorCommand command');
    const flags = hmp ? DomainQemuMonitorCommandFlags.HMP : DomainQemuMonitorCommandFlags.DEFAULT;
    const reply = await call('virDomainQemuMonitorCommand', this.#handle(), text, flags);
    return hmp ? reply : parseReply(reply, 'qemu.monitorCommand');
  }

  /**
   * Sends one raw command to the guest agent (`virDomainQemuAgentCommand`): `{ execute: 'guest-ping' }` or
   * its JSON text; resolves the agent's reply parsed. Without a responding agent it rejects with
   * `AGENT_UNRESPONSIVE` (no agent channel: `ARGUMENT_UNSUPPORTED`). `timeout`: seconds, or `'block'`,
   * `'default'`, `'nowait'`. `dom.agent.agentCommand` is the same call resolving the text.
   */
  async agentCommand(command: QmpCommand, options?: { timeout?: AgentTimeout }): Promise<unknown> {
    commandText(command, 'qemu.agentCommand command');
    return parseReply(await this.#agent.agentCommand(command, options), 'qemu.agentCommand');
  }
}
