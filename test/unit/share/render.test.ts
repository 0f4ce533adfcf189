import { describe, expect, it } from 'vitest'
import { compile } from '../../../src/language/compile.ts'
import { decodeWav, encodeWav } from '../../../src/render/wav.ts'
import { renderLoop } from '../../../src/share/render-loop.ts'
import { renderOffline } from '../../../worklet/render.ts'
import { examplePatches } from '../helpers/examples.ts'

describe("the Render button's loop", () => {
  it('renders exactly what the engine renders offline, with progress up to 1', () => {
    const text = examplePatches().get('fm-bells.patch')!
    const patch = compile(text).patch!
    const progress: number[] = []
    const mine = renderLoop(patch, 2, 44100, (f) => progress.push(f))
    const ref = renderOffline(patch, { seconds: 2, sampleRate: 44100 })
    expect(mine.left.length).toBe(88200)
    expect(mine.left).toEqual(ref.left)
    expect(mine.right).toEqual(ref.right)
    expect(mine.faults).toEqual([])
    expect(progress.at(-1)).toBe(1)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(progress.length).toBeGreaterThan(1)

    const wav = decodeWav(encodeWav(mine.left, mine.right, 44100))
    expect(wav.sampleRate).toBe(44100)
    expect(wav.samples[0].length).toBe(88200)
    expect(wav.channels).toBe(2)
  })
})
