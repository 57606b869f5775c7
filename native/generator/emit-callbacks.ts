// Emits generated/callbacks.ts: every <functype> (callback signature) as a koffi prototype, for the
// event-loop thread to register its trampolines against.
import type { Api, ApiFuncType } from './api-xml.js';
import { mapArg, type TypeEnv } from './ctypes.js';
import { HEADER, jsdoc, prose, str } from './source.js';

function callbackPrototype(fn: ApiFuncType, env: TypeEnv): string {
  // A callback's return is produced by JS, so an owned `char *` mapping does not apply: use mapArg.
  const ret = fn.returns.type === 'void' ? 'void' : mapArg(fn.returns.type, env).koffi;
  const args = fn.args.map((a) => {
    const t = mapArg(a.type, env).koffi;
    return `${t}${t.endsWith('*') ? '' : ' '}${a.name}`;
  });
  return `${ret}${ret.endsWith('*') ? '' : ' '}${fn.name}(${args.join(', ')})`;
}

export function emitCallbacks(api: Api, env: TypeEnv): string {
  const entries = api.funcTypes.map((fn) => {
    const args = fn.args
      .map((a) => `      { name: ${str(a.name)}, type: ${str(a.type)}, info: ${str(a.info)} },`)
      .join('\n');
    return `${jsdoc([prose(fn.doc), `@since ${fn.since}`], '  ')}  ${fn.name}: {
    library: ${str(fn.library)},
    since: ${str(fn.since)},
    returns: { type: ${str(fn.returns.type)}, info: ${str(fn.returns.info)} },
    args: [${args ? `\n${args}\n    ` : ''}],
    prototype: ${str(callbackPrototype(fn, env))},
  },`;
  });
  return `${HEADER}import type { CallbackMeta } from './meta.js';

/** The name of every callback type of the API XML (\`virConnectDomainEventCallback\`, ...). */
export type CallbackName =
${api.funcTypes.map((f) => `  | ${str(f.name)}`).join('\n')};

/** Every callback signature of the API; \`prototype\` is a koffi prototype string (pointers as \`void *\`). */
export const CALLBACKS: Readonly<Record<CallbackName, CallbackMeta>> = {
${entries.join('\n')}
};
`;
}
