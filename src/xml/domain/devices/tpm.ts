import { attr, child, element, flag, type XmlType } from '../../engine/describe.js';
import { oneOf, str, uuid, yesNo } from '../../engine/kinds.js';
import { deviceInfo } from './device-info.js';

// The TPM device.

/** `<tpm model=><backend type= version=>`: a TPM, passthrough or emulated (swtpm). */
export const tpm = element({
  model: attr(oneOf('tpm-tis', 'tpm-crb', 'tpm-spapr', 'spapr-tpm-proxy')),
  backend: child(
    element({
      type: attr(oneOf('passthrough', 'emulator', 'external')),
      version: attr(oneOf('1.2', '2.0')),
      persistentState: attr(yesNo, 'persistent_state'),
      device: child(element({ path: attr(str) })),
      source: child(element({ type: attr(oneOf('unix')), mode: attr(oneOf('connect')), path: attr(str) })),
      encryption: child(element({ secret: attr(uuid) })),
      activePcrBanks: child(
        element({ sha1: flag(), sha256: flag(), sha384: flag(), sha512: flag() }),
        'active_pcr_banks',
      ),
      profile: child(element({ source: attr(str), removeDisabled: attr(str), name: attr(str) })),
    }),
  ),
  ...deviceInfo,
});
export type Tpm = XmlType<typeof tpm>;
