// Runs two independent GeoJSON validators from npm on one file and prints what they find:
// Mapbox's geojsonhint (RFC 7946, including the right-hand rule for polygon rings and
// excessive coordinate precision) and Placemark's check-geojson (its maintained successor).
// Exit status 0 when neither finds anything, 1 otherwise, 2 on a usage or install problem.
'use strict';
const fs = require('fs');
let hint, check;
try {
  hint = require('@mapbox/geojsonhint');
  check = require('@placemarkio/check-geojson');
} catch (e) {
  console.error('validators not installed: run npm ci in tools/validators (' + e.message + ')');
  process.exit(2);
}
if (process.argv.length !== 3) {
  console.error('usage: node check-geojson.js FILE.geojson');
  process.exit(2);
}
const text = fs.readFileSync(process.argv[2], 'utf8');
const found = [];
for (const m of hint.hint(text, { precisionWarning: true })) found.push('geojsonhint: line ' + m.line + ': ' + m.message);
for (const m of check.getIssues(text)) found.push('check-geojson: ' + m.message + ' (from ' + m.from + ')');
if (found.length === 0) {
  console.log('ok: geojsonhint and check-geojson find nothing');
  process.exit(0);
}
for (const f of found.slice(0, 20)) console.log(f);
console.log(found.length + ' findings');
process.exit(1);
