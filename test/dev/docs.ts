// `npm run docs` writes the generated docs and config schema; `--check` reports drift and exits 1.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './generated-files.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const checkOnly = process.argv.includes('--check');

function read(file: string): string | undefined {
  try {
    return readFileSync(path.join(packageRoot, file), 'utf8');
  } catch {
    return undefined;
  }
}

/** Generated rule pages that no rule produces any more. */
function orphans(expected: Map<string, string>): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(packageRoot, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (relative.endsWith('.md') && !expected.has(relative)) found.push(relative);
    }
  };
  walk('docs/rules');
  return found;
}

const files = await generatedFiles();
const drifted = [...files].filter(([file, content]) => read(file) !== content).map(([file]) => file);
if (checkOnly) {
  const stale = [...drifted.map((f) => `${f} is out of date`), ...orphans(files).map((f) => `${f} belongs to no rule`)];
  if (stale.length) {
    process.stderr.write(`${stale.join('\n')}\nRun \`npm run docs\` to regenerate.\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`${files.size} generated files are current\n`);
  }
} else {
  for (const file of drifted) {
    mkdirSync(path.dirname(path.join(packageRoot, file)), { recursive: true });
    writeFileSync(path.join(packageRoot, file), files.get(file)!);
  }
  process.stdout.write(`${drifted.length} of ${files.size} generated files written\n`);
}
