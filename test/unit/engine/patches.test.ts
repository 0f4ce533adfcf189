import { describe, expect, it } from 'vitest'
import { examplePatches } from '../helpers/examples.ts'
import { patchOf } from '../helpers/patch.ts'
import { allFinite, rms } from '../helpers/signal.ts'
import { renderOffline } from '../../../worklet/render.ts'

const examples = examplePatches()

describe('every patch in patches/', () => {
  it('there are patches to render', () => expect(examples.size).toBeGreaterThanOrEqual(6))
  for (const [file, text] of examples) {
    it(`${file} renders 10 s: finite, not silent, no faults`, () => {
      const r = renderOffline(patchOf(text), { seconds: 10 })
      expect(r.loads[0].ok).toBe(true)
      expect(allFinite(r.left) && allFinite(r.right)).toBe(true)
      expect(r.faults).toEqual([])
      // Not silent in any second: each second of the render has some level.
      for (let s = 0; s < 10; s++) expect(rms(r.left, s * 48000, (s + 1) * 48000) + rms(r.right, s * 48000, (s + 1) * 48000), `${file} second ${s}`).toBeGreaterThan(1e-3)
    })
  }
})
