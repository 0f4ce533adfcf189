import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { warmKernels } from '../../../worklet/engine/warmup.ts'
import { render } from '../helpers/patch.ts'
import { rms } from '../helpers/signal.ts'

describe('kernel warm-up', () => {
  it('changes no sound: a patch renders the same samples before and after it', () => {
    const text = readFileSync(new URL('../../../patches/plucked-string.patch', import.meta.url), 'utf8')
    const before = render(text, { seconds: 2 })
    warmKernels(48000, 20)
    const after = render(text, { seconds: 2 })
    expect(rms(before.left)).toBeGreaterThan(0.01)
    let differ = 0
    for (let i = 0; i < before.left.length; i++) if (before.left[i] !== after.left[i] || before.right[i] !== after.right[i]) differ++
    expect(differ).toBe(0)
  })
})
