// The example patches in patches/, read one way for every test (unit and browser) that walks them.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const EXAMPLE_DIR = fileURLToPath(new URL('../../../patches/', import.meta.url))

/// Every example patch's text by file name, in the order of the names. patches/ is part of the
/// project, so a missing or empty folder throws rather than leave a test with nothing to check.
export function examplePatches(): Map<string, string> {
  const names = readdirSync(EXAMPLE_DIR).filter((n) => n.endsWith('.patch')).sort()
  if (!names.length) throw new Error(`no .patch files in ${EXAMPLE_DIR}`)
  return new Map(names.map((n) => [n, readFileSync(EXAMPLE_DIR + n, 'utf8')]))
}
