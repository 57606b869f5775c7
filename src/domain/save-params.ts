/**
 * The typed parameters of `virDomainSaveParams` / `virDomainRestoreParams`: the file and replacement XML
 * (VIR_DOMAIN_SAVE_PARAM_FILE / _DXML, string macros absent from the API XML) plus any newer parameter the
 * caller names.
 */
import type { TypedParamsInput } from '../../native/generated/meta.js';
import type { SaveOptions } from './options.js';
import { tuneInput } from './params.js';

const FILE = 'file';
const DXML = 'dxml';

/** `hv.domains.restore()` / `domain.save()` options. */
export interface RestoreOptions extends SaveOptions {
  /** A replacement definition (same name and UUID). */
  xml?: string;
  /** Further typed save parameters by libvirt name (`virDomainSaveParams` / `virDomainRestoreParams`). */
  params?: TypedParamsInput;
}

export function saveParams(
  path: string,
  dxml: string | null,
  extra: unknown,
  what: string,
): TypedParamsInput {
  const empty = extra !== null && typeof extra === 'object' && Object.keys(extra).length === 0;
  const params = empty ? {} : tuneInput(extra, what);
  for (const reserved of [FILE, DXML]) {
    if (reserved in params) throw new TypeError(`${what}: give '${reserved}' as the path / options.xml`);
  }
  return {
    ...params,
    [FILE]: { type: 'string', value: path },
    ...(dxml === null ? {} : { [DXML]: { type: 'string', value: dxml } }),
  };
}
