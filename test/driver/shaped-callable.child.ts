// Child process of binding.test.ts: invokes every shaped function once with NULL objects and empty inputs,
// so every marshalling path prepares its arguments and libvirt rejects the call. Prints one JSON line per
// call (`start` first, so a crash names the function). `admin` as the argument invokes libvirt-admin.so.0's
// shaped functions instead, and only those: it and libvirt.so abort in one process (native/admin/host.ts).
import type { FunctionName } from '../../native/generated/functions.js';
import { type ArgRole, isInputRole, SHAPES } from '../../native/tables/shapes.js';
import { CallFailure, FUNCTIONS, InvokeArgumentError, openRawBinding } from '../../src/raw.js';

const binding = openRawBinding();

/** libvirt 9.0 dereferences a NULL object in these (see raw-callable.child.ts): give them test-driver ones. */
const NULL_CRASHES = new Set<string>([
  'virConnectSetIdentity',
  'virDomainFDAssociate',
  'virDomainGetLaunchSecurityInfo',
  'virDomainSetLaunchSecurityState',
  'virDomainLxcEnterNamespace',
]);
const admin = process.argv[2] === 'admin';
const conn = admin ? null : binding.invoke('virConnectOpen', ['test:///default']);
const dom = admin ? null : binding.invoke('virDomainLookupByName', [conn, 'test']);

function inputFor(role: ArgRole, ctype: string): unknown {
  switch (role.role) {
    case 'bytesIn':
      return new Uint8Array(4);
    case 'uuidIn':
      return new Uint8Array(16);
    case 'stringsIn':
    case 'uintsIn':
    case 'intsIn':
    case 'handlesIn':
      return [];
    case 'typedParamsIn':
      return {};
    default: {
      const t = ctype.replace(/\s+/g, ' ').trim();
      return t.includes('*') || t.endsWith('Ptr') ? null : 0;
    }
  }
}

for (const name of Object.keys(SHAPES) as FunctionName[]) {
  const meta = FUNCTIONS[name];
  if ((meta.library === 'libvirt-admin') !== admin) continue;
  const args = SHAPES[name]!.roles.flatMap((r, i) =>
    isInputRole(r) ? [inputFor(r, meta.args[i]!.type)] : [],
  );
  // ncpus must be at least 1 (0 is refused before any C call).
  if (name === 'virDomainGetCPUStats') args[2] = 1;
  if (NULL_CRASHES.has(name)) args[0] = meta.args[0]!.type === 'virConnectPtr' ? conn : dom;
  process.stdout.write(`${JSON.stringify({ start: name })}\n`);
  let outcome: Record<string, unknown>;
  try {
    binding.invoke(name, args);
    outcome = { outcome: 'returned' };
  } catch (err) {
    if (err instanceof CallFailure) outcome = { outcome: 'CallFailure', code: err.error.code };
    else if (err instanceof InvokeArgumentError)
      outcome = { outcome: 'InvokeArgumentError', message: err.message };
    else outcome = { outcome: 'other', message: String(err) };
  }
  process.stdout.write(`${JSON.stringify({ done: name, ...outcome })}\n`);
}
process.stdout.write(`${JSON.stringify({ finished: true })}\n`);
