// The messages between the parent and the admin host process (host.ts, remote.ts), sent with Node's advanced
// serialization (bigint pointers kept exact).
import type { LibvirtErrorFields } from '../errors.js';

/** What the parent asks: a call, a call and its describers (executor.describe), or a release. */
export type AdminOperation =
  | { op: 'call'; fn: string; args: unknown[] }
  | { op: 'describe'; fn: string; args: unknown[]; describers: readonly string[] }
  | { op: 'release'; fn: string; args: [bigint] };

export type AdminRequest = AdminOperation & { id: number };

export type AdminReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; libvirt: LibvirtErrorFields }
  | { id: number; ok: false; thrown: { name: string; message: string; isTypeError: boolean } };
