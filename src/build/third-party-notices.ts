import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A package whose code is in the build, as its own `package.json` and files describe it. */
export interface BundledPackage {
  name: string;
  version: string;
  /** The SPDX expression of its `package.json`, or `UNKNOWN` when it declares none. */
  license: string;
  /** Its license and notice files, by file name, as the package ships them. */
  texts: Array<{ file: string; text: string }>;
}

const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.|-|$)/i;

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
  const manifest = JSON.parse(readFileSync(join(root, directory, 'package.json'), 'utf8')) as {
    name?: string;
    version?: string;
    license?: string | { type?: string };
  };
  const license = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN');
  const texts = readdirSync(join(root, directory))
    .filter((file) => LICENSE_FILE.test(file))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(root, directory, file), 'utf8').trim() }));
  return { name: manifest.name ?? directory, version: manifest.version ?? 'unknown', license, texts };
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
    const texts =
      bundled.texts.length > 0
        ? bundled.texts.map(({ file, text }) => `--- ${file}\n\n${text}`).join('\n\n')
        : `The package ships no license file; its package.json declares the license ${bundled.license}.`;
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

/** Whether `directory` holds a package the notices can describe. */
export const isPackage = (root: string, directory: string) => existsSync(join(root, directory, 'package.json'));
