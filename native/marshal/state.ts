// The per-call state shared by invoke's role handlers (one handler file per shape kind).
import type { FunctionMeta } from '../generated/meta.js';
import type { ArgRole, Shape } from '../tables/shapes.js';
import type { ErrorData } from './call-failure.js';

export type AnyFn = (...args: unknown[]) => unknown;

/** What the handlers may use of the thread's binding. */
export interface MarshalContext {
  fns: Record<string, AnyFn>;
  /** libc free(), for memory libvirt hands over */
  free: (ptr: bigint | null) => void;
  /** throws CallFailure for `name` with the thread's current libvirt error */
  fail: (name: string) => never;
  lastError: () => ErrorData | null;
  /** the C types of a getter's typed parameters (for setters with `typesFrom`) */
  typesFrom: (getter: string, args: readonly unknown[]) => Map<string, number>;
}

export interface CallState {
  ctx: MarshalContext;
  meta: FunctionMeta;
  shape: Shape;
  /** the raw koffi function */
  fn: AnyFn;
  /** invoke's arguments as given */
  args: readonly unknown[];
  /** the JS input of each C argument that takes one (by C argument index) */
  inputs: unknown[];
  /** the position in `args` of each C argument's input (by C argument index; -1 for computed ones) */
  inputPos: number[];
  /** the C arguments being built */
  cArgs: unknown[];
  /** element or byte length of each `*In` argument, for a following `lengthOfPrev` */
  lengths: number[];
  /** JS memory the C arguments point into; held until the call returns */
  keep: unknown[];
  /** the C return value, once the call succeeded */
  ret: unknown;
  /** typed-parameter outputs report their C types instead of values (a setter's typesFrom query) */
  typesOnly: boolean;
}

export interface RoleHandler<R extends ArgRole = ArgRole> {
  /** sets `state.cArgs[i]` */
  prepare(state: CallState, role: R, i: number): void;
  /** runs after every argument is prepared, before the call (the "ask for the count first" calls) */
  beforeCall?(state: CallState, role: R, i: number): void;
  /** decodes the output after a successful call and frees what libvirt handed over */
  collect?(state: CallState, role: R, i: number): unknown;
}

/** The index of the C argument called `name`. */
export function argIndex(state: CallState, name: string): number {
  const i = state.meta.args.findIndex((a) => a.name === name);
  if (i < 0) throw new Error(`${state.meta.name} has no argument ${name}`);
  return i;
}

export function argName(state: CallState, i: number): string {
  return state.meta.args[i]?.name ?? `arg${i}`;
}
