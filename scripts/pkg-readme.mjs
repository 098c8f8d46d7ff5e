// The README that ships in the npm tarball: the repository's README with every relative link made
// absolute (docs/, examples/, SECURITY.md... do not ship), so no link in it is dead on npm or in
// node_modules. js-tests/package checks the result.
import { readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('pkg/package.json', 'utf8'));
const repo = pkg.homepage.replace(/#.*$/, ''); // https://github.com/<owner>/<name>
const blob = `${repo}/blob/main/`;
const text = readFileSync('README.md', 'utf8').replace(/\]\((?!https?:|#|mailto:)([^)\s]+)\)/g, (_, target) =>
  `](${target.endsWith('/') || !/\.[a-z]+(#.*)?$/i.test(target) ? `${repo}/tree/main/` : blob}${target.replace(/^\.\//, '')})`,
);
writeFileSync('pkg/README.md', text);
