import { describe, expect, it } from 'vitest';
import { laneOf } from '../../native/executor/lanes.js';

describe('executor lanes', () => {
  it('sends calls that can block for seconds to the slow lane', () => {
    for (const fn of [
      'virConnectOpen',
      'virConnectOpenAuth',
      'virDomainCreate',
      'virDomainCreateXML',
      'virDomainDestroy',
      'virDomainShutdown',
      'virDomainSave',
      'virDomainRestore',
      'virDomainMigrate3',
      'virDomainSnapshotCreateXML',
      'virDomainRevertToSnapshot',
      'virDomainBlockCopy',
      'virStorageVolCreateXML',
      'virStorageVolWipe',
      'virStreamRecv',
    ]) {
      expect(laneOf(fn), fn).toBe('slow');
    }
  });

  it('keeps lookups, getters and frees in the quick lane', () => {
    for (const fn of [
      'virDomainLookupByName',
      'virDomainGetInfo',
      'virDomainGetXMLDesc',
      'virDomainFree',
      'virConnectClose',
      'virConnectIsAlive',
      'virConnectListAllDomains',
      'virDomainSnapshotLookupByName',
    ]) {
      expect(laneOf(fn), fn).toBe('quick');
    }
  });
});
