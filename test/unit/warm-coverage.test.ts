import { beforeAll, describe, expect, it } from 'vitest'
import { coldBlocks } from '../../bench/cold-blocks.ts'
import { longText, patchText } from '../../bench/patches.ts'
import { compile } from '../../src/language/compile.ts'
import { generate } from '../../worklet/engine/codegen.ts'
import { examplePatches } from './helpers/examples.ts'

const examples = [...examplePatches().values()]

// The IDE warms the compiler and the generator before a musician's first edit; a block of theirs
// that no warm-up run reached deoptimises its function on the first patch that reaches it (see
// bench/cold-blocks.ts). This keeps the warm-up whole for the patches the bench times: a new path in
// the compiler or the generator that they take needs a warm-up patch that takes it too
// (src/language/warmup.ts's PATCH, or an example in patches/).
describe('the warm-up reaches every block of the compiler and the generator that the bench patches reach', () => {
  const cases = [['the 200-line patch', longText()], ['P1', patchText('P1')], ['P2', patchText('P2')], ['P4', patchText('P4')]] as const
  // One warm-up, each patch held against it alone (see coldBlocks).
  let cold: Awaited<ReturnType<typeof coldBlocks>> = []
  beforeAll(async () => {
    cold = await coldBlocks(examples, cases.map(([, text]) => () => void generate(compile(text).patch!)), /\/(src|worklet)\//)
  }, 60_000)
  cases.forEach(([name], i) => {
    it(name, () => {
      expect(cold[i].map((b) => `${b.url.split('/').slice(-2).join('/')}:${b.fn}: ${b.text}`)).toEqual([])
    })
  })
})
