/// `npm run docs`: regenerates the README's reference section from the node-type table.
import { readFileSync, writeFileSync } from 'node:fs'
import { withReference } from '../docs/reference.ts'

const path = new URL('../../README.md', import.meta.url)
writeFileSync(path, withReference(readFileSync(path, 'utf8')))
