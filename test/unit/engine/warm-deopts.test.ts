import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const script = fileURLToPath(new URL('../helpers/first-deopts.ts', import.meta.url))
const root = fileURLToPath(new URL('../../../', import.meta.url))

/// What V8 deoptimised while `which` loaded and played its first blocks after the worklet's
/// warm-up: any function for lack of feedback (code the warm-up optimised without running the path
/// the patch takes), and the engine's per-block driver (block, run) for any reason.
function firstDeopts(which: string): string[] {
  const trace = execFileSync(process.execPath, ['--trace-deopt', '--import', 'tsx', script, which], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
  const played = trace.slice(trace.indexOf('=== warmed'), trace.indexOf('=== played'))
  const out: string[] = []
  for (const m of played.matchAll(/reason: ([^)]*)\): begin\. deoptimizing \S+ <JSFunction (\S+)/g)) {
    if (m[1].startsWith('Insufficient type feedback') || m[2] === 'block' || m[2] === 'run') out.push(`${m[2]}: ${m[1]}`)
  }
  return out
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
      expect(firstDeopts(which)).toEqual([])
    }, 60_000)
  }
})
