// A flag libvirt refuses ("unsupported flags (0x1)") is named by the option that set it (issue 9): the test
// driver's virDomainCreateWithFlags takes no flags, so start({ paused: true }) is refused with the bit of
// VIR_DOMAIN_START_PAUSED, and the error says `paused` set it. The mechanism is flagsFrom's, for every option.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainCreateFlags } from '../../native/generated/enums.js';
import { DomainBuilder, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';

const NAME = `lvts-wizard-flags-${process.pid}`;

describe('refused flags name their options', () => {
  let hv: Hypervisor;
  beforeAll(async () => {
    hv = await Hypervisor.connect('test:///default');
  });
  afterAll(async () => {
    await hv.close();
  });

  it("start({ paused: true }) on a driver without the flag: the error names 'paused'", async () => {
    const dom = await hv.domains.define(new DomainBuilder(NAME, { type: 'test' }).memory('64 MiB').build());
    try {
      const err = await dom.start({ paused: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LibvirtError);
      const e = err as LibvirtError;
      expect(e.code).toBe(ErrorCode.INVALID_ARG);
      const bit = DomainCreateFlags.START_PAUSED.toString(16);
      expect(e.message).toMatch(new RegExp(`unsupported flags \\(0x${bit}\\)`));
      expect(e.message).toMatch(/\(set by domain\.start options: paused\)$/);
      // Two options, one refused bit: only the option behind that bit is named.
      const both = (await dom
        .start({ paused: true, autodestroy: true })
        .catch((x: unknown) => x)) as LibvirtError;
      const refused = Number.parseInt(
        /unsupported flags \(0x([0-9a-f]+)\)/.exec(both.message)?.[1] ?? '0',
        16,
      );
      const named = /\(set by domain\.start options: ([a-z, ]+)\)$/.exec(both.message)?.[1]?.split(', ');
      const expected = [
        ...(refused & DomainCreateFlags.START_PAUSED ? ['paused'] : []),
        ...(refused & DomainCreateFlags.START_AUTODESTROY ? ['autodestroy'] : []),
      ];
      expect(named).toEqual(expected);
      // Without options, nothing is added to another error's message.
      await dom.start();
      const again = (await dom.start().catch((x: unknown) => x)) as LibvirtError;
      expect(again.message).not.toMatch(/set by/);
      await dom.destroy();
    } finally {
      await dom.undefine();
    }
  });
});
