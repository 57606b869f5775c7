// scripts/finish-dts.ts: the @internal constructors of the built .d.ts become `private constructor();`.
import { describe, expect, it } from 'vitest';
import { privatizeInternalConstructors } from '../../scripts/finish-dts.js';

const DTS = `declare class Domain {
    #private;
    /** @internal Domains come from \`hv.domains\`; the constructor is not public API. */
    constructor(handle: Handle, name: string, uuid: string, opts?: {
        hv?: (() => void) | undefined;
    });
    /** The name. */
    get name(): string;
}
declare class DomainBuilder {
    /** Starts a definition. */
    constructor(name: string, options?: DomainBuilderOptions);
}
declare class Domains {
    /**
     * @internal
     */
    constructor(connection: Handle);
}
`;

describe('finish-dts', () => {
  it('makes every doc-commented @internal constructor private, parameters and all, and nothing else', () => {
    const { text, count } = privatizeInternalConstructors(DTS);
    expect(count).toBe(2);
    expect(text).toBe(`declare class Domain {
    #private;
    private constructor();
    /** The name. */
    get name(): string;
}
declare class DomainBuilder {
    /** Starts a definition. */
    constructor(name: string, options?: DomainBuilderOptions);
}
declare class Domains {
    private constructor();
}
`);
  });

  it('leaves a file without @internal constructors as it is', () => {
    const plain = 'declare class A {\n    /** Public. */\n    constructor(x: number);\n}\n';
    expect(privatizeInternalConstructors(plain)).toEqual({ text: plain, count: 0 });
  });
});
