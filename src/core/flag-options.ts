/**
 * Which option set a flag libvirt refused. `flagsFrom` (checks.ts) notes, for the flags it returns, the option
 * behind each bit; a call made in the same turn whose `flags` argument has that value captures the note
 * (native/libvirt.ts's annotator, which connection/hypervisor.ts registers with these functions: native/ knows
 * from the generated table which argument is `flags`), and when libvirt answers "unsupported flags (0x…)"
 * (INVALID_ARG) the error's message names the options that set those bits: "… (set by domain.start options: paused)". Notes live one turn only, so a value
 * never takes another call's options.
 */
import { ErrorCode, LibvirtError } from './errors.js';

interface FlagNote {
  /** The options object's description, e.g. 'domain.start options'. */
  what: string;
  /** Each option that set bits, with its bits. */
  options: readonly (readonly [name: string, bits: number])[];
}

/** flags value → its note, for this turn. */
const notes = new Map<number, FlagNote>();
let clearing = false;

/** Records which option set which bits of `flags` (flagsFrom's result), until the end of this turn. */
export function noteFlagOptions(flags: number, what: string, options: FlagNote['options']): void {
  if (flags === 0 || options.length === 0) return;
  notes.set(flags, { what, options });
  if (!clearing) {
    clearing = true;
    queueMicrotask(() => {
      notes.clear();
      clearing = false;
    });
  }
}

const UNSUPPORTED = /unsupported flags \(0x([0-9a-f]+)\)/i;

/** The options, by name, behind the bits of `unsupported`; empty when none of the notes set them. */
export function optionsForBits(note: FlagNote, unsupported: number): string[] {
  return note.options.filter(([, bits]) => (bits & unsupported) >>> 0 !== 0).map(([name]) => name);
}

/** Whether any note is live this turn (the annotator's `pending`: without one, calls go on untouched). */
export function hasFlagNotes(): boolean {
  return notes.size > 0;
}

/** The note of a call's `flags` argument (the annotator's `capture`); undefined when it has none. */
export function captureFlagNotes(flags: unknown): unknown {
  const note = typeof flags === 'number' ? notes.get(flags) : undefined;
  return note ? [note] : undefined;
}

/** Adds the options behind refused flags to libvirt's "unsupported flags (0x…)" error (the annotator's `annotate`). */
export function explainUnsupportedFlags(err: unknown, captured: unknown): void {
  if (!(err instanceof LibvirtError) || err.code !== ErrorCode.INVALID_ARG) return;
  const match = UNSUPPORTED.exec(err.message);
  if (!match) return;
  const bits = Number.parseInt(match[1] as string, 16);
  const parts = (captured as FlagNote[]).flatMap((note) => {
    const names = optionsForBits(note, bits);
    return names.length > 0 ? [`${note.what}: ${names.join(', ')}`] : [];
  });
  if (parts.length > 0) err.message = `${err.message} (set by ${parts.join('; ')})`;
}
