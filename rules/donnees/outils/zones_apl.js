// Rebuilds rules/donnees/zones_apl.csv: the communes of zones 1 and 2 of the housing aids, under
// today's INSEE codes. Every commune not listed is in zone 3 (the table's « défaut »).
//
// Inputs
//   1. The zoning file of the arrêté du 17 mars 1978 as the ministry sent it to Etalab (2011-09-14),
//      INSEE codes of 2014, columns CODGEO,LIBCOM_2014,REG,DEP,Zonage. Published in OpenFisca-France's
//      assets (openfisca_france/assets/apl/20110914_zonage.csv, commit 8748fa4dd1d2f194402e39f6ad5ba45ad77425cd).
//   2. Today's communes, communes déléguées and associées: @etalab/decoupage-administratif, pinned in
//      assets/communes/package-lock.json.
// A commune nouvelle takes the zone of its former communes; when they differ, the zone of the chef-lieu
// (whose code the commune nouvelle keeps) and the « note » column says which former communes differ.
//
// Usage (from assets/communes, after npm ci): node ../../rules/donnees/outils/zones_apl.js ZONAGE_2011.csv > ../../rules/donnees/zones_apl.csv
'use strict';
const fs = require('fs');
const path = require('path');

const source = process.argv[2];
if (!source) {
  console.error('usage: node zones_apl.js 20110914_zonage.csv > zones_apl.csv');
  process.exit(2);
}
const decoupage = path.join(process.cwd(), 'node_modules', '@etalab', 'decoupage-administratif');
const communes = require(path.join(decoupage, 'data', 'communes.json'));
const version = require(path.join(decoupage, 'package.json')).version;

const zone2011 = new Map();
for (const line of fs.readFileSync(source, 'utf8').split('\n').slice(1)) {
  if (!line.trim()) continue;
  const cells = line.split(',');
  zone2011.set(cells[0], cells[cells.length - 1].trim()[0]); // « 1bis » counts as zone 1
}

const formerOf = new Map();
for (const c of communes) {
  if (c.type !== 'commune-deleguee' && c.type !== 'commune-associee') continue;
  if (!formerOf.has(c.chefLieu)) formerOf.set(c.chefLieu, []);
  formerOf.get(c.chefLieu).push(c.code);
}

const rows = [];
const byCode = new Map(communes.filter((c) => c.type === 'commune-actuelle').map((c) => [c.code, c]));
for (const c of communes) {
  if (c.type !== 'commune-actuelle' && c.type !== 'arrondissement-municipal') continue;
  const own = c.type === 'arrondissement-municipal' ? zone2011.get(c.commune) : zone2011.get(c.code);
  const former = (formerOf.get(c.code) || []).filter((code) => code !== c.code && zone2011.has(code));
  const formerZones = [...new Set(former.map((code) => zone2011.get(code)))];
  const zone = own || (formerZones.length === 1 ? formerZones[0] : undefined);
  if (!zone || zone === '3') continue;
  const differing = former.filter((code) => zone2011.get(code) !== zone);
  const note = differing.length
    ? `commune nouvelle : zone du chef-lieu ; ${differing.map((code) => `${code} (${nameOf(code)}) en zone ${zone2011.get(code)}`).join(' et ')}`
    : '';
  rows.push([c.code, zone, c.nom, note]);
}

function nameOf(code) {
  const c = communes.find((x) => x.code === code && x.type !== 'commune-actuelle') || byCode.get(code);
  return c ? c.nom : '?';
}

rows.sort((a, b) => a[0].localeCompare(b[0]));
const out = [
  '# Communes en zone 1 et 2 des aides personnelles au logement (toute autre commune : zone 3).',
  `# Produit par rules/donnees/outils/zones_apl.js depuis le fichier de zonage 2011 du ministère et @etalab/decoupage-administratif ${version}.`,
  'commune,zone,nom,note',
  ...rows.map((r) => r.join(',')),
];
process.stdout.write(out.join('\n') + '\n');
