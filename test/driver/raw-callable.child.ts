// Child process of raw-callable.test.ts: calls every libvirt function once with arguments that cannot do
// harm, and prints one JSON line per call (`start` first, so a crash names the function that caused it).
// `admin` as the argument calls libvirt-admin.so.0's functions instead, and only those: libvirt.so and
// libvirt-admin.so.0 abort when both run in one process (native/admin/host.ts).
import { FUNCTIONS, type FunctionName } from '../../native/generated/functions.js';
import type { FunctionMeta } from '../../native/generated/meta.js';
import { loadLibvirt } from '../../native/library.js';
import { layout } from '../../native/marshal/layouts.js';
import { objectType } from '../../native/tables/objects.js';
import { isFailure, openRawBinding } from '../../src/raw.js';

const binding = openRawBinding();
const fns = binding.fns as unknown as Record<string, (...args: unknown[]) => unknown>;
const libvirt = binding.fns;

/** libvirt's public API checks its object arguments first and reports VIR_ERR_INVALID_* without touching
 * anything else: NULL for every object and string, 0 for every number, and — because some functions
 * clear their out-params before checking — zeroed scratch memory for every other pointer. Functions that
 * free their argument get NULL for everything (freeing scratch memory would abort). */
function harmlessArgs(meta: FunctionMeta): unknown[] {
  const frees = /Free|Clear$|^virResetError$/.test(meta.name);
  return meta.args.map((a) => {
    const t = a.type.replace(/\s+/g, ' ').trim();
    if (/Func$|Callback$|CallbackPtr$/.test(t)) return null;
    if (objectType(t) || t === 'const char *') return null;
    if (t.includes('*') || t.endsWith('Ptr')) return frees ? null : Buffer.alloc(4096);
    return 0;
  });
}

const TEST_URI = 'test:///default';
const conns: bigint[] = [];

/** Functions whose NULL/0 call is not harmless, with the safe call used instead. */
const SPECIAL: Partial<Record<FunctionName, () => unknown>> = {
  // NULL would open the default URI (a real daemon): open the in-process test driver instead, then close.
  virConnectOpen: () => keep(libvirt.virConnectOpen(TEST_URI)),
  virConnectOpenReadOnly: () => keep(libvirt.virConnectOpenReadOnly(TEST_URI)),
  virConnectOpenAuth: () => keep(libvirt.virConnectOpenAuth(TEST_URI, null, 0)),
  // memset()s `to` before checking conn: give it room for a virError.
  virConnCopyLastError: () => libvirt.virConnCopyLastError(null, Buffer.alloc(layout('virError').size)),
  // libvirt 9.0 dereferences a NULL conn here (SIGSEGV): call it on the test driver, which lacks it.
  virConnectSetIdentity: () => libvirt.virConnectSetIdentity(testConn(), null, 0, 0),
  // libvirt 9.0 dereferences a NULL domain here (SIGSEGV): the test driver lacks it.
  virDomainFDAssociate: () => libvirt.virDomainFDAssociate(testDomain(), 'x', 0, null, 0),
  // libvirt 9.0 reads domain->conn before checking the domain (SIGSEGV on NULL): use the test driver's.
  virDomainGetLaunchSecurityInfo: () =>
    libvirt.virDomainGetLaunchSecurityInfo(testDomain(), Buffer.alloc(8), Buffer.alloc(8), 0),
  virDomainSetLaunchSecurityState: () => libvirt.virDomainSetLaunchSecurityState(testDomain(), null, 0, 0),
  // Crashes on a NULL domain; with no fds and nowhere to save the old namespaces it enters nothing.
  virDomainLxcEnterNamespace: () => libvirt.virDomainLxcEnterNamespace(testDomain(), 0, null, null, null, 0),
  // NULL would open the default admin URI (a real daemon): a socket nobody listens on instead.
  virAdmConnectOpen: () =>
    libvirt.virAdmConnectOpen('libvirtd:///system?socket=/nonexistent/lvts-admin-sock', 0),
  // NULL would restore libvirt's default stderr printer: re-install the native no-op handler instead.
  virSetErrorFunc: () => libvirt.virSetErrorFunc(null, symbol('virResetError')),
};

/** Called last, in this order: the event loop. virEventRunDefaultImpl blocks until an event fires, so it
 * runs with a 0 ms timeout whose callback is the native virEventRemoveTimeout (no JS callback). */
const EVENT_LOOP: FunctionName[] = [
  'virEventRegisterImpl',
  'virEventRegisterDefaultImpl',
  'virEventRunDefaultImpl',
];
const EVENT_LOOP_CALLS: Partial<Record<FunctionName, () => unknown>> = {
  virEventRegisterImpl: () => libvirt.virEventRegisterImpl(null, null, null, null, null, null),
  virEventRegisterDefaultImpl: () => libvirt.virEventRegisterDefaultImpl(),
  virEventRunDefaultImpl: () => {
    const timer = libvirt.virEventAddTimeout(0, symbol('virEventRemoveTimeout'), null, null);
    if (timer < 0) throw new Error('virEventAddTimeout failed');
    return libvirt.virEventRunDefaultImpl();
  },
};

/** The address of a libvirt function, used as a native callback (no JS runs). */
function symbol(name: string): bigint {
  return loadLibvirt().library('libvirt').symbol(name) as bigint;
}

let shared: bigint | null = null;
/** A test-driver connection for the functions that cannot take NULL. */
function testConn(): bigint {
  shared ??= keep(libvirt.virConnectOpen(TEST_URI));
  if (!shared) throw new Error(`cannot open ${TEST_URI}`);
  return shared;
}

function testDomain(): bigint {
  const dom = libvirt.virDomainLookupByName(testConn(), 'test');
  if (!dom) throw new Error('no domain "test" on the test driver');
  return dom;
}

function keep(conn: bigint | null): bigint | null {
  if (conn) conns.push(conn);
  return conn;
}

function print(line: Record<string, unknown>): void {
  process.stdout.write(
    `${JSON.stringify(line, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))}\n`,
  );
}

const admin = process.argv[2] === 'admin';
const names = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
  (n) => !EVENT_LOOP.includes(n) && (FUNCTIONS[n].library === 'libvirt-admin') === admin,
);
for (const name of admin ? names : [...names, ...EVENT_LOOP]) {
  const meta = FUNCTIONS[name];
  print({ start: name });
  binding.resetError();
  const call = SPECIAL[name] ?? EVENT_LOOP_CALLS[name] ?? (() => fns[name]!(...harmlessArgs(meta)));
  const result = call();
  const err = binding.lastError();
  print({
    done: name,
    special: name in SPECIAL || name in EVENT_LOOP_CALLS,
    failed: isFailure(meta.failure, result),
    result: typeof result === 'string' ? 'string' : result,
    code: err?.code ?? null,
  });
}
for (const c of conns) libvirt.virConnectClose(c);
print({ finished: true });
