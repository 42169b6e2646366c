// Writes the communes table Borne uses (postal code → communes, INSEE code → name and département)
// from Etalab's "découpage administratif" package, pinned in package-lock.json.
// Usage: node build-table.js OUTPUT.csv
'use strict';
const fs = require('fs');
const path = require('path');

const output = process.argv[2];
if (!output) {
  console.error('usage: node build-table.js OUTPUT.csv');
  process.exit(2);
}
const source = require('@etalab/decoupage-administratif/package.json');
const communes = require('@etalab/decoupage-administratif/data/communes.json');

// Current communes and the arrondissements of Paris, Lyon and Marseille: what a visitor can live in.
const kept = communes.filter((c) => c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal');
const quote = (text) => (/[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text);
const lines = [
  `# source: ${source.name} ${source.version} (Etalab, découpage administratif ; licence ${source.license})`,
  'commune,nom,departement,commune_parente,codes_postaux',
];
for (const c of kept.sort((a, b) => a.code.localeCompare(b.code))) {
  lines.push([c.code, quote(c.nom), c.departement, c.commune || '', (c.codesPostaux || []).join(' ')].join(','));
}
fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
fs.writeFileSync(output, lines.join('\n') + '\n');
console.log(`${kept.length} communes written to ${output}`);
