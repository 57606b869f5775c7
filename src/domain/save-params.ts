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

/** `domain.save()` options: the flags, a replacement definition, further typed parameters. */
export interface DomainSaveOptions extends SaveOptions {
  /** A replacement definition (same name and UUID), written into the file. */
  xml?: string;
  /** Further typed save parameters by libvirt name (`virDomainSaveParams`). */
  params?: TypedParamsInput;
}

/**
 * `hv.domains.restore()` options: the same as `domain.save()`'s; `xml` replaces the saved definition, `params`
 * go to `virDomainRestoreParams`.
 */
export type RestoreOptions = DomainSaveOptions;

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
