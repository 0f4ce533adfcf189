// The README's function reference is the node-type table's: regenerate it with `npm run docs`.
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { NODE_FNS } from '../../src/language/node-types.ts'
import { withReference } from '../../src/docs/reference.ts'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

it('README reference matches the node-type table', () => {
  expect(readme).toBe(withReference(readme))
  for (const fn of NODE_FNS) expect(readme).toContain(`| \`${fn}\` |`)
})

it('README names the two commands', () => {
  expect(readme).toContain('npm start')
  expect(readme).toContain('npm test')
})
