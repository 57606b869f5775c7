// The programs scripts/check-package.ts runs in a temp project that installed the packed tarball, as a user would.
// Between them they start every worker thread the package has (executor, event loop, auth) from dist/, and the
// admin host process.

/** Shared by the ESM and the CJS program: a test:///default session through all three entry points. */
const SESSION = `
const checks = [];
function check(what, ok) {
  checks.push(what);
  if (!ok) throw new Error('check failed: ' + what);
}
async function session(index, xml, raw, label, withEvents) {
  const hv = await index.Hypervisor.connect('test:///default');
  try {
    const names = (await hv.domains.list()).map((d) => d.name);
    check(label + ': hv.domains.list() on test:///default has "test"', names.includes('test'));
    const dom = await hv.domains.get('test');
    check(label + ': dom.info() reports memory', (await dom.info()).memoryKiB > 0);
    let err;
    try {
      await hv.domains.get('no-such-vm');
    } catch (e) {
      err = e;
    }
    check(label + ': a missing domain rejects with LibvirtError NO_DOMAIN',
      err instanceof index.LibvirtError && err.code === index.ErrorCode.NO_DOMAIN);
    const def = xml.parseDomainXml(await dom.xml());
    check(label + ': libvirt-ts/xml parses the domain XML', def.name === 'test');
    let xmlErr;
    try {
      xml.parseDomainXml('<pool type="dir"><name>p</name></pool>');
    } catch (e) {
      xmlErr = e;
    }
    check(label + ': a wrong document is an XmlError of /xml and of the main entry',
      xmlErr instanceof xml.XmlError && xmlErr instanceof index.XmlError && xmlErr instanceof xml.XmlWrongKindError);
    if (withEvents) {
      const events = hv.events('domain.lifecycle', { domain: dom });
      await events.ready;
      await dom.suspend();
      const first = await events.next();
      await events.return();
      await dom.resume();
      check(label + ': the event-loop worker (dist/loop-worker) delivers domain.lifecycle',
        first.value.event === 'suspended');
    }
    const authed = await index.Hypervisor.connect('test:///default', { auth: { username: 'u', password: 'p' } });
    check(label + ': the auth worker (dist/auth-worker) opens a connection', (await authed.domains.list()).length > 0);
    await authed.close();
    check(label + ': libvirt-ts, /raw and /xml share one runtime (the same class objects, not copies)',
      index.LibvirtError === raw.LibvirtError && index.XmlError === xml.XmlError);
    const conn = await raw.call('virConnectOpen', 'test:///default');
    check(label + ': libvirt-ts/raw call() opens and counts domains',
      (await raw.call('virConnectNumOfDomains', conn)) >= 1);
    await conn.free();
    return err;
  } finally {
    await hv.close();
  }
}
async function adminSession(admin, index, label) {
  const err = await admin.Admin.connect('libvirtd:///system?socket=/nonexistent/lvts-admin-sock').catch((e) => e);
  check(label + ': libvirt-ts/admin runs its host process (dist/admin-host) and rejects a dead socket typed',
    err instanceof index.LibvirtError && err.codeName === 'SYSTEM_ERROR' && err.function === 'virAdmConnectOpen');
}
`;

export const ESM_PROGRAM = `import * as index from 'libvirt-ts';
import * as xml from 'libvirt-ts/xml';
import * as raw from 'libvirt-ts/raw';
import * as admin from 'libvirt-ts/admin';
${SESSION}
await session(index, xml, raw, 'esm', true);
await adminSession(admin, index, 'esm');
console.log(JSON.stringify(checks));
`;

export const CJS_PROGRAM = `const index = require('libvirt-ts');
const xml = require('libvirt-ts/xml');
const raw = require('libvirt-ts/raw');
const admin = require('libvirt-ts/admin');
${SESSION}
session(index, xml, raw, 'cjs', true).then(() => adminSession(admin, index, 'cjs')).then(() => console.log(JSON.stringify(checks)), (e) => {
  console.error(e);
  process.exitCode = 1;
});
`;

/**
 * `import` and `require` in one process: `dist/<entry>.cjs` loads the ES module build, so both get one runtime
 * (the same classes, one event-loop thread), and events work from both. Before, a second CommonJS copy ran its
 * own event-loop thread beside libvirt's one event loop per process: the CJS copy's first event never came
 * after the ESM copy's session; with the CJS copy subscribing first, the ESM copy's `ready` never resolved.
 */
export const BOTH_PROGRAM = `import { createRequire } from 'node:module';
import * as esm from 'libvirt-ts';
import * as esmRaw from 'libvirt-ts/raw';
import * as esmXml from 'libvirt-ts/xml';
const require = createRequire(import.meta.url);
const cjs = require('libvirt-ts');
const cjsRaw = require('libvirt-ts/raw');
const cjsXml = require('libvirt-ts/xml');
${SESSION}
check('one copy is loaded: require() gets the ES module build (the same classes)',
  esm.LibvirtError === cjs.LibvirtError && esm.Hypervisor === cjs.Hypervisor && esmRaw.call === cjsRaw.call && esmXml.parseDomainXml === cjsXml.parseDomainXml);
// Both ways, each with an event subscription: with two copies of the runtime (two event-loop threads for
// libvirt's one event loop) the second copy's events never came and the process hung.
const fromEsm = await session(esm, esmXml, esmRaw, 'esm', true);
const fromCjs = await session(cjs, cjsXml, cjsRaw, 'cjs', true);
check('an ESM-build LibvirtError is instanceof the CJS class', fromEsm instanceof cjs.LibvirtError);
check('a CJS-build LibvirtError is instanceof the ESM class', fromCjs instanceof esm.LibvirtError);
check('and of /raw in both formats', fromEsm instanceof cjsRaw.LibvirtError && fromCjs instanceof esmRaw.LibvirtError);
const xmlErr = (() => { try { cjsXml.parseDomainXml('<'); } catch (e) { return e; } })();
check('a CJS XmlError is instanceof the ESM XmlError', xmlErr instanceof esm.XmlError && xmlErr instanceof esmXml.XmlError);
check('a plain Error is no LibvirtError', !(new Error('x') instanceof esm.LibvirtError));
console.log(JSON.stringify(checks));
`;

/** Type-checks with the minimum TypeScript: no `await using` (TypeScript 5.2), plain ES2022 lib. */
export const TS_CONSUMER = `import { ErrorCode, Hypervisor, LibvirtError, type DomainInfo } from 'libvirt-ts';
import { DomainBuilder, buildDomainXml, parseDomainXml, type DomainDef } from 'libvirt-ts/xml';
import { call, FUNCTIONS, type Handle } from 'libvirt-ts/raw';

export async function tour(): Promise<DomainInfo> {
  const hv = await Hypervisor.connect('test:///default');
  try {
    const def: DomainDef = new DomainBuilder('web').forHost(await hv.virtualizationSupport()).memory('1 GiB').vcpus(2).build();
    const again = parseDomainXml(buildDomainXml(def));
    const conn: Handle = await call('virConnectOpen', 'test:///default');
    const count: number = await call('virConnectNumOfDomains', conn);
    console.log(again.name, count, FUNCTIONS.virDomainGetInfo.since);
    return await (await hv.domains.get('test')).info();
  } catch (err) {
    if (err instanceof LibvirtError && err.code === ErrorCode.NO_DOMAIN) console.log(err.codeName);
    throw err;
  } finally {
    await hv.close();
  }
}
`;

/** With TypeScript >= 5.2: the README's \`await using\`. */
export const TS_DISPOSE_CONSUMER = `import { Hypervisor } from 'libvirt-ts';

export async function names(): Promise<string[]> {
  await using hv = await Hypervisor.connect('test:///default');
  return (await hv.domains.list()).map((d) => d.name);
}
`;

/** Must fail: objects come from their collections, their constructors are private in the .d.ts. */
export const TS_INTERNAL_CONSUMER = `import { Domain, StoragePool } from 'libvirt-ts';

export const dom = new Domain(null as never, 'x', 'y');
export const pool = new StoragePool(null as never, 'x', 'y');
`;

/**
 * `libvirt-ts/xml` alone loads no native code: koffi never enters the module cache. Checked from CommonJS, where
 * `require('libvirt-ts')` does load koffi (3 modules), so the check can fail; the ESM main thread never loads
 * koffi at all (only the worker threads do), whichever entry it imports.
 */
export const XML_ONLY_CJS_PROGRAM = `const xml = require('libvirt-ts/xml');
const def = xml.parseDomainXml("<domain type='kvm'><name>web</name><memory unit='KiB'>1048576</memory></domain>");
const koffi = Object.keys(require.cache).filter((k) => k.includes('/node_modules/koffi/'));
if (def.name !== 'web') throw new Error('check failed: parseDomainXml');
if (koffi.length > 0) throw new Error('check failed: libvirt-ts/xml loaded ' + koffi.join(', '));
console.log(JSON.stringify(['xml only: parses a domain', 'xml only: koffi is not loaded']));
`;
