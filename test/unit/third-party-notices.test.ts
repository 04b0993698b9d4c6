import { describe, expect, it } from 'vitest';
import { packageDirectories, thirdPartyNotices } from '../../src/build/third-party-notices.js';

describe('the packages a build holds, from the paths of its inputs', () => {
  it.each([
    ['node_modules/graphql/execution/execute.mjs', ['node_modules/graphql']],
    ['node_modules/@pothos/core/esm/index.js', ['node_modules/@pothos/core']],
    ['node_modules/graphql-jit/node_modules/fast-json-stringify/index.js', ['node_modules/graphql-jit/node_modules/fast-json-stringify']],
    [
      'node_modules/@whatwg-node/server/node_modules/@whatwg-node/fetch/dist/index.js',
      ['node_modules/@whatwg-node/server/node_modules/@whatwg-node/fetch'],
    ],
    ['../../node_modules/undici/index.js', ['../../node_modules/undici']],
    ['node_modules\\zod\\v4\\mini\\index.js', ['node_modules/zod']],
    ['src/schema/index.ts', []],
    ['node_modules/@scope', []],
    ['node_modules/', []],
  ])('%s', (input, expected) => {
    expect(packageDirectories([input])).toEqual(expected);
  });

  it('lists a package once however many of its files went in', () => {
    expect(packageDirectories(['node_modules/graphql/a.js', 'node_modules/graphql/b/c.js', 'node_modules/dataloader/index.js'])).toEqual([
      'node_modules/dataloader',
      'node_modules/graphql',
    ]);
  });
});

describe('the notices', () => {
  it('give each name and version once, with every license text its package ships, and the MIT terms under its author when it ships none', () => {
    const text = thirdPartyNotices([
      { name: 'b', version: '1.0.0', license: 'MIT', texts: [{ file: 'LICENSE', text: 'MIT text of b' }] },
      {
        name: 'a',
        version: '2.0.0',
        license: 'Apache-2.0',
        texts: [
          { file: 'LICENSE', text: 'Apache text' },
          { file: 'NOTICE', text: 'a notice' },
        ],
      },
      { name: 'b', version: '1.0.0', license: 'MIT', texts: [{ file: 'LICENSE', text: 'MIT text of b' }] },
      { name: 'c', version: '0.1.0', license: 'MIT', author: 'C Author <c@example.org>', texts: [] },
    ]);
    expect(text.match(/^b 1\.0\.0 \(MIT\)$/gm)).toHaveLength(1);
    expect(text.indexOf('\na 2.0.0 (Apache-2.0)')).toBeLessThan(text.indexOf('\nb 1.0.0 (MIT)'));
    for (const part of ['Apache text', 'a notice', 'MIT text of b', 'the 3 packages below']) expect(text).toContain(part);
    expect(text).toMatch(
      /^c 0\.1\.0 \(MIT\)\n={72}\n\nThe package ships no license file.*\n\nCopyright \(c\) C Author <c@example\.org>\n\nPermission is hereby granted/m,
    );
  });

  it('refuse a package that ships no license text under a license other than MIT: its notice must be supplied', () => {
    expect(() => thirdPartyNotices([{ name: 'd', version: '1.0.0', license: 'BSD-3-Clause', texts: [] }])).toThrow(
      'd ships no license file and declares BSD-3-Clause',
    );
  });
});
