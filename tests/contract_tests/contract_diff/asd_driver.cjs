// api-smart-diff run once over many document pairs: argv[2] the install prefix, argv[3] a JSON
// manifest [[old.json, new.json], ...]; prints, per pair, the diffs under `paths` (the copies
// under `components` classify every schema as a request: research notes, gotcha 1).
const { readFileSync } = require('node:fs')
const { apiCompare } = require(require.resolve('api-smart-diff', { paths: [process.argv[2]] }))
const read = (file) => JSON.parse(readFileSync(file, 'utf8'))
const pairs = read(process.argv[3])
const out = pairs.map(([before, after]) => {
  const { diffs } = apiCompare(read(before), read(after))
  return diffs
    .filter((d) => d.path[0] === 'paths')
    .map((d) => ({ type: d.type, action: d.action, path: d.path }))
})
process.stdout.write(JSON.stringify(out))
