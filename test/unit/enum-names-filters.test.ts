// The enum-name tables and list-filter flag helpers of the object API: names come from the generated enums,
// and flags at bit 31 stay unsigned.
import { describe, expect, it } from 'vitest';
import {
  ConnectListAllNodeDeviceFlags,
  NetworkUpdateCommand,
  NetworkUpdateSection,
  StoragePoolState,
} from '../../native/generated/enums.js';
import { flagsFrom } from '../../src/core/checks.js';
import { enumNames } from '../../src/core/enum-names.js';
import { flagsOfNames, splitFilter } from '../../src/core/list-filters.js';

describe('enumNames', () => {
  it('names every value in kebab case, both ways', () => {
    const states = enumNames(StoragePoolState);
    expect(states.names).toEqual(['inactive', 'building', 'running', 'degraded', 'inaccessible']);
    expect(states.nameOf(StoragePoolState.RUNNING)).toBe('running');
    expect(states.valueOf('inaccessible')).toBe(StoragePoolState.INACCESSIBLE);
    expect(states.nameOf(99)).toBeUndefined();
    expect(enumNames(NetworkUpdateSection).nameOf(NetworkUpdateSection.IP_DHCP_HOST)).toBe('ip-dhcp-host');
  });

  it('leaves out omitted placeholders and keeps ADD_LAST, a real value ending in _LAST', () => {
    const commands = enumNames(NetworkUpdateCommand, ['NONE']);
    expect(commands.names).toEqual(['modify', 'delete', 'add-last', 'add-first']);
    expect(commands.valueOf('add-last')).toBe(3);
    expect(commands.nameOf(NetworkUpdateCommand.NONE)).toBeUndefined();
    expect(() => commands.valueOf('none' as never)).toThrow(RangeError);
  });
});

describe('list filter flags', () => {
  const caps = {
    net: ConnectListAllNodeDeviceFlags.CAP_NET,
    pci: ConnectListAllNodeDeviceFlags.CAP_PCI_DEV,
  };

  it('ORs named kinds, one name or several', () => {
    expect(flagsOfNames('net', 'cap', caps)).toBe(caps.net);
    expect(flagsOfNames(['net', 'pci'], 'cap', caps)).toBe(caps.net + caps.pci);
    expect(flagsOfNames([], 'cap', caps)).toBe(0);
  });

  it('keeps bit 31 an unsigned number', () => {
    const flags = flagsFrom({ active: true, inactive: true }, 'filter', {
      active: ConnectListAllNodeDeviceFlags.ACTIVE,
      inactive: ConnectListAllNodeDeviceFlags.INACTIVE,
    });
    expect(flags).toBe(2 ** 31 + 2 ** 30);
    expect((flags | flagsOfNames('net', 'cap', caps)) >>> 0).toBe(2 ** 31 + 2 ** 30 + caps.net);
  });

  it('refuses unknown names and wrong shapes', () => {
    expect(() => flagsOfNames('gpu', 'cap', caps)).toThrow(/cap must be one of net, pci, got 'gpu'/);
    expect(() => flagsOfNames(3, 'cap', caps)).toThrow(TypeError);
    expect(() => flagsOfNames([3], 'cap', caps)).toThrow(TypeError);
    expect(() => splitFilter('x', 'filter', 'type')).toThrow(TypeError);
    expect(() => splitFilter([], 'filter', 'type')).toThrow(TypeError);
  });

  it('splits the named-kinds key from the boolean rest', () => {
    expect(splitFilter(undefined, 'f', 'type')).toEqual({ names: undefined, rest: undefined });
    expect(splitFilter({ type: 'dir', active: true }, 'f', 'type')).toEqual({
      names: 'dir',
      rest: { active: true },
    });
  });
});
