import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A package whose code is in the build, as its own `package.json` and files describe it. */
export interface BundledPackage {
  name: string;
  version: string;
  /** The SPDX expression of its `package.json`, or `UNKNOWN` when it declares none. */
  license: string;
  /** The `author` of its `package.json`, as text. */
  author?: string | undefined;
  /** Its license and notice files, by file name, as the package ships them. */
  texts: Array<{ file: string; text: string }>;
}

/** `LICENSE`, `LICENSE.md`, `MIT-LICENSE`, `LICENCE-APACHE`, `COPYING`, `NOTICE`, `CopyrightNotice.txt`; not code. */
const LICENSE_FILE = /(licen[cs]e|copying|notice|copyright)/i;
const CODE_FILE = /\.(c|m)?(j|t)sx?$|\.map$|\.json$/i;

/**
 * The MIT License's terms, for a package that declares it without shipping its text (several of the
 * GraphQL ecosystem's do): the notice then names the package's author from its `package.json`.
 */
const MIT_TERMS = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial
portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR
THE USE OR OTHER DEALINGS IN THE SOFTWARE.`;

/**
 * The package directories (relative to `root`) that the bundler's input paths lie in: the part up to
 * and including the package's name after the last `node_modules/`, so that a package nested in another
 * counts as itself.
 */
export function packageDirectories(inputs: Iterable<string>): string[] {
  const directories = new Set<string>();
  for (const input of inputs) {
    const path = input.replaceAll('\\', '/');
    const at = path.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const [scope, name] = path.slice(at + 'node_modules/'.length).split('/');
    if (!scope || (scope.startsWith('@') && !name)) continue;
    directories.add(path.slice(0, at + 'node_modules/'.length) + (scope.startsWith('@') ? `${scope}/${name}` : scope));
  }
  return [...directories].sort();
}

export function readBundledPackage(root: string, directory: string): BundledPackage {
  if (!existsSync(join(root, directory, 'package.json'))) throw new Error(`${directory} holds bundled code but no package.json`);
  const manifest = JSON.parse(readFileSync(join(root, directory, 'package.json'), 'utf8')) as {
    name?: string;
    version?: string;
    license?: string | { type?: string };
    author?: string | { name?: string; email?: string };
  };
  const license = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN');
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  const texts = readdirSync(join(root, directory), { withFileTypes: true })
    .filter((entry) => entry.isFile() && LICENSE_FILE.test(entry.name) && !CODE_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((file) => ({ file, text: readFileSync(join(root, directory, file), 'utf8').trim() }));
  return { name: manifest.name ?? directory, version: manifest.version ?? 'unknown', license, author, texts };
}

/**
 * The notices that travel with the build: each package's license text, once per name and version
 * (the same package can sit in several directories).
 */
export function thirdPartyNotices(packages: BundledPackage[]): string {
  const seen = new Set<string>();
  const unique = packages
    .filter((bundled) => {
      const key = `${bundled.name}@${bundled.version}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const rule = '='.repeat(72);
  const sections = unique.map((bundled) => {
    if (bundled.texts.length === 0 && bundled.license !== 'MIT')
      throw new Error(`${bundled.name} ships no license file and declares ${bundled.license}: its notice must be supplied`);
    const texts =
      bundled.texts.length > 0
        ? bundled.texts.map(({ file, text }) => `--- ${file}\n\n${text}`).join('\n\n')
        : `The package ships no license file; its package.json declares the license ${bundled.license}` +
          `${bundled.author ? ` and the author ${bundled.author}` : ''}, whose terms are:\n\n` +
          `Copyright (c) ${bundled.author ?? `the authors of ${bundled.name}`}\n\n${MIT_TERMS}`;
    return `${rule}\n${bundled.name} ${bundled.version} (${bundled.license})\n${rule}\n\n${texts}\n`;
  });
  return [
    'THIRD-PARTY NOTICES',
    '',
    `The files of this build hold code of the ${unique.length} packages below, bundled into its`,
    'chunks. Each is listed with the version bundled, the license its package.json declares and the',
    'license and notice files the package ships. Pass this file on with the build.',
    '',
    ...sections,
  ].join('\n');
}
