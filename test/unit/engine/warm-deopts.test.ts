import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const script = fileURLToPath(new URL('../helpers/first-deopts.ts', import.meta.url))
const generatorScript = fileURLToPath(new URL('../helpers/generator-deopts.ts', import.meta.url))
const root = fileURLToPath(new URL('../../../', import.meta.url))

/// What V8 deoptimised while `which` loaded and played its first blocks after the worklet's
/// warm-up: any function for lack of feedback (code the warm-up optimised without running the path
/// the patch takes), and the engine's per-block driver (block, run) for any reason.
/// Also how many deopts the trace names before the warm-up ends (compiling the patch and warming up
/// always have some), so that a trace this reads no deopt from at all cannot pass.
function firstDeopts(which: string): { played: string[]; before: number } {
  const trace = execFileSync(process.execPath, ['--trace-deopt', '--import', 'tsx', script, which], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
  const warmed = trace.indexOf('=== warmed'), end = trace.indexOf('=== played')
  if (warmed < 0 || end < warmed) throw new Error(`${which}: the helper did not run to its end`)
  const deopts = (text: string) => [...text.matchAll(/reason: ([^)]*)\): begin\. deoptimizing \S+ <JSFunction (\S+)/g)]
  const played: string[] = []
  for (const m of deopts(trace.slice(warmed, end))) {
    if (m[1].startsWith('Insufficient type feedback') || m[2] === 'block' || m[2] === 'run') played.push(`${m[2]}: ${m[1]}`)
  }
  return { played, before: deopts(trace.slice(0, warmed)).length }
}

// The worklet warms its kernels and its engine before the first patch (worklet/engine/warmup.ts).
// A path of a kernel that the warm-up never ran has no type feedback, and the first patch that
// takes it deoptimises the kernel, which then runs unoptimised for hundreds of blocks: P1's saw
// banks on rows in the wasm memory and its filter quads at a steady cutoff did so until the warm-up
// ran them that way (P1's first 100 blocks in Node: 18-23 us each, against 10-18 after). And the
// engine's block() deoptimised on nearly every first patch, on a new engine's null `good`, and ran
// unoptimised for its first 2,000 blocks.
describe('a first patch after the warm-up deoptimises no kernel for lack of feedback, nor the engine\'s block', () => {
  for (const which of ['P1', 'P2', 'P4', 'patches/supersaw-shimmer.patch', 'patches/dub-chords.patch', 'patches/midi-keys.patch']) {
    it(which, () => {
      const { played, before } = firstDeopts(which)
      expect(before).toBeGreaterThan(0)
      expect(played).toEqual([])
    }, 60_000)
  }
})

// The code generator's busiest function, `ev` (one call per expression of a patch), was thrown away
// by V8 right after its optimisation ("wrong map": an array that V8's optimised map() builds has
// another elements kind than the interpreter's, and a destructuring of one took its iterator), then
// optimised again: in Chromium a compile of 100-200 ms on the machine's other core, which landed
// during a musician's first edits of a long patch and slowed them (bench/PROFILE.md, session 29).
describe("the code generator's optimised code survives a long patch's edits", () => {
  it('ev, unit and table, once optimised by TurboFan, are not deoptimised for a wrong map', () => {
    const trace = execFileSync(process.execPath, ['--trace-opt', '--trace-deopt', '--import', 'tsx', generatorScript], { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20 })
    if (!trace.includes('=== edited')) throw new Error('the helper did not run to its end')
    const busiest = ['ev', 'unit', 'table']
    // Not vacuous: the warm-up and the edits bring these to V8's top tier.
    const optimised = [...trace.matchAll(/completed (?:compiling|optimizing) \S+ <JSFunction (\S+) [^>]*> \(target TURBOFAN/g)].map((m) => m[1])
    expect(busiest.filter((f) => !optimised.includes(f))).toEqual([])
    const deopts = [...trace.matchAll(/reason: ([^)]*)\): begin\. deoptimizing \S+ <JSFunction (\S+) [^>]*>, \S+ <Code TURBOFAN/g)]
      .filter((m) => busiest.includes(m[2]) && m[1] === 'wrong map')
      .map((m) => `${m[2]}: ${m[1]}`)
    expect(deopts).toEqual([])
  }, 120_000)
})
