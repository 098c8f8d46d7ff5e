// Writes every code block of a README that is preceded by `<!-- readme-test: PATH -->` to DIR/PATH,
// exactly as printed, and lists the paths. Usage: node extract.mjs README.md DIR
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [readme, dir] = process.argv.slice(2);
const text = readFileSync(readme, 'utf8');
const blocks = [...text.matchAll(/<!-- readme-test: (\S+) -->\n```[a-z]*\n([\s\S]*?)\n```\n/g)];
if (blocks.length === 0) throw new Error(`${readme}: no readme-test blocks`);
for (const [, path, code] of blocks) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), `${code}\n`);
  console.log(path);
}
