/**
 * `dom.launchSecurity`: AMD SEV / SEV-SNP launch security of a guest started paused for attestation — read its
 * launch measurement, then inject a secret before resuming it. The host's SEV platform data is
 * `hv.host.sevInfo()`. A guest without `<launchSecurity>` has no parameters (`info()` resolves with none);
 * injecting a secret into it, or asking a host without SEV, rejects with `OPERATION_UNSUPPORTED`.
 */
import type { TypedParams, TypedParamsInput } from '../../native/generated/meta.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { optionsObject, requireNonEmptyString } from '../core/checks.js';

/** `launchSecurity.info()`: the fields libvirt documents, typed, and every parameter it returned. */
export interface LaunchSecurityInfo {
  /** `sev-measurement`: the launch measurement, base64. */
  measurement: string | undefined;
  /** `sev-api-major`, `sev-api-minor`, `sev-build-id`: the SEV firmware's API version and build. */
  apiMajor: number | undefined;
  /** `sev-api-minor`: the SEV firmware's API minor version. */
  apiMinor: number | undefined;
  /** `sev-build-id`: the SEV firmware's build. */
  buildId: number | undefined;
  /** `sev-policy`: the guest's SEV policy bits. */
  policy: number | undefined;
  /** Every typed parameter as libvirt returned it (SNP adds its own). */
  params: TypedParams;
}

/** `launchSecurity.setState()`: a launch secret, as the guest owner's attestation service made it. */
export interface LaunchSecret {
  /** `sev-secret`: the secret, base64. */
  secret: string;
  /** `sev-secret-header`: its packet header, base64. */
  header: string;
  /** `sev-secret-set-address`: the guest physical address to write it to (default: the firmware's choice). */
  address?: bigint;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * `dom.launchSecurity`: AMD SEV / SEV-SNP launch security of a guest started paused for attestation: read its
 * launch measurement, then inject a secret before resuming it.
 */
export class DomainLaunchSecurity {
  readonly #handle: () => Handle;

  /** @internal Reached as `dom.launchSecurity`. */
  constructor(handle: () => Handle) {
    this.#handle = handle;
  }

  /** The guest's launch security parameters (`virDomainGetLaunchSecurityInfo`). */
  async info(): Promise<LaunchSecurityInfo> {
    const params = await call('virDomainGetLaunchSecurityInfo', this.#handle(), 0);
    const measurement = params['sev-measurement'];
    return {
      measurement: typeof measurement === 'string' ? measurement : undefined,
      apiMajor: num(params['sev-api-major']),
      apiMinor: num(params['sev-api-minor']),
      buildId: num(params['sev-build-id']),
      policy: num(params['sev-policy']),
      params,
    };
  }

  /** Injects a launch secret into the paused guest's memory (`virDomainSetLaunchSecurityState`). */
  async setState(secret: LaunchSecret): Promise<void> {
    const opts = optionsObject(secret, 'launchSecurity.setState secret', ['secret', 'header', 'address']);
    if (secret === undefined) throw new TypeError('launchSecurity.setState needs { secret, header }');
    const params: TypedParamsInput = {
      'sev-secret': requireNonEmptyString(opts.secret, 'launchSecurity.setState secret.secret'),
      'sev-secret-header': requireNonEmptyString(opts.header, 'launchSecurity.setState secret.header'),
    };
    if (opts.address !== undefined) {
      if (typeof opts.address !== 'bigint' || opts.address < 0n || opts.address >= 2n ** 64n) {
        throw new RangeError('launchSecurity.setState secret.address must be a bigint from 0 to 2^64-1');
      }
      params['sev-secret-set-address'] = { type: 'ullong', value: opts.address };
    }
    await call('virDomainSetLaunchSecurityState', this.#handle(), params, 0);
  }
}
