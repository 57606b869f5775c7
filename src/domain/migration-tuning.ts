/**
 * `dom.migration`: the knobs of a domain's migration — bandwidth, tolerated downtime, the compression cache —
 * and switching a running migration to post-copy. (`dom.migrate()` itself is in src/domain/migration.ts.)
 */
import { DomainMigrateMaxSpeedFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom, requireCount } from '../core/checks.js';

/** `{ postcopy: true }`: the bandwidth of the post-copy phase instead of pre-copy. */
export interface MaxSpeedOptions {
  /** `VIR_DOMAIN_MIGRATE_MAX_SPEED_POSTCOPY`: set the post-copy phase's bandwidth instead of pre-copy's. */
  postcopy?: boolean;
}

const speedFlags = (options: unknown, what: string) =>
  flagsFrom(options, what, { postcopy: DomainMigrateMaxSpeedFlags.POSTCOPY });

/**
 * `dom.migration`: the knobs of a domain's migration (bandwidth, tolerated downtime, the compression cache) and
 * the switch of a running migration to post-copy; `dom.migrate()` runs the migration itself.
 */
export class DomainMigrationTuning {
  readonly #domain: () => Handle;

  /** @internal `dom.migration` */
  constructor(domain: () => Handle) {
    this.#domain = domain;
  }

  /** The migration bandwidth limit in MiB/s (`virDomainMigrateGetMaxSpeed`). */
  async getMaxSpeed(options?: MaxSpeedOptions): Promise<number> {
    const flags = speedFlags(options, 'migration.getMaxSpeed options');
    return call('virDomainMigrateGetMaxSpeed', this.#domain(), flags);
  }

  /**
   * Sets the most bandwidth a migration of this domain may use, in MiB/s; `postcopy` sets the post-copy phase's
   * (`virDomainMigrateSetMaxSpeed`).
   */
  async setMaxSpeed(mibPerSecond: number, options?: MaxSpeedOptions): Promise<void> {
    const speed = requireCount(mibPerSecond, 'migration.setMaxSpeed mibPerSecond');
    const flags = speedFlags(options, 'migration.setMaxSpeed options');
    await call('virDomainMigrateSetMaxSpeed', this.#domain(), speed, flags);
  }

  /** The longest pause tolerated at the end of a live migration, in ms (`virDomainMigrateGetMaxDowntime`). */
  async getMaxDowntime(): Promise<number> {
    return call('virDomainMigrateGetMaxDowntime', this.#domain(), 0);
  }

  /**
   * Sets how long, in milliseconds, the guest may be paused at the end of a live migration
   * (`virDomainMigrateSetMaxDowntime`).
   */
  async setMaxDowntime(ms: number): Promise<void> {
    const downtime = requireCount(ms, 'migration.setMaxDowntime ms');
    await call('virDomainMigrateSetMaxDowntime', this.#domain(), downtime, 0);
  }

  /** The XBZRLE compression cache size in bytes (`virDomainMigrateGetCompressionCache`). */
  async getCompressionCache(): Promise<number> {
    return call('virDomainMigrateGetCompressionCache', this.#domain(), 0);
  }

  /**
   * Sets the size in bytes of the cache used to compress pages during migration
   * (`virDomainMigrateSetCompressionCache`).
   */
  async setCompressionCache(bytes: number): Promise<void> {
    const size = requireCount(bytes, 'migration.setCompressionCache bytes');
    await call('virDomainMigrateSetCompressionCache', this.#domain(), size, 0);
  }

  /** Switches the running migration (started with post-copy allowed) to post-copy (`virDomainMigrateStartPostCopy`). */
  async startPostCopy(): Promise<void> {
    await call('virDomainMigrateStartPostCopy', this.#domain(), 0);
  }
}
