// Checks that a VSIX holds exactly what a user needs: `node scripts/checkVsix.mjs dist-vsix/wsapi.vsix`.
import { readFileSync, statSync } from 'node:fs';

import { SPEC_VERSIONS } from './specValidators.mjs';

const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/parserWorker.js',
  'extension/dist/gateway.js',
  // The validators of the AsyncAPI specification's schemas (scripts/specValidators.mjs), one per version.
  ...SPEC_VERSIONS.map((version) => `extension/dist/spec-validators/asyncapi-${version}.js`),
  'extension/syntaxes/wsapi.document-yaml.tmLanguage.json',
  'extension/syntaxes/wsapi.document-json.tmLanguage.json',
  'extension/syntaxes/wsapi.injection.tmLanguage.json',
  'extension/syntaxes/wsapi.injection-flow.tmLanguage.json',
  'extension/images/icon.png',
  // The activity bar's icon of the WebSocket API view container.
  'extension/images/activitybar.svg',
  // README.md shows it from the package (vsce packs with --no-rewrite-relative-links).
  'extension/images/highlighting.png',
  'extension/images/try-topic-panel.jpg',
  'extension/images/debug-console.png',
  'extension/images/view.png',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
];
// What vsce adds around the extension folder.
const PACKAGING = ['[Content_Types].xml', 'extension.vsixmanifest'];

/** Lists the file names in a zip archive from its central directory. */
function zipEntries(buffer) {
  const eocd = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd === -1) {
    throw new Error('not a zip archive');
  }
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    names.push(buffer.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const file = process.argv[2] ?? 'dist-vsix/wsapi.vsix';
const entries = zipEntries(readFileSync(file));
const missing = REQUIRED.filter((name) => !entries.includes(name));
const unexpected = entries.filter((name) => !REQUIRED.includes(name) && !PACKAGING.includes(name));
console.log(`vsix: ${file}: ${entries.length} files, ${(statSync(file).size / 1024).toFixed(1)} KiB`);
for (const name of entries) {
  console.log(`  ${name}`);
}
if (missing.length > 0 || unexpected.length > 0) {
  console.error(
    `vsix: missing: ${missing.join(', ') || 'none'}; not allowed: ${unexpected.join(', ') || 'none'}`,
  );
  process.exit(1);
}
console.log('vsix: contents ok');
