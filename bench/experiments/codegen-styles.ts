/// Evidence for the engine proposals in bench/results.md: P3 (N sines summed) generated four ways
/// with `new Function`, as the engine does, and timed in Node. Not part of `npm run bench`.
///
///   npx tsx bench/experiments/codegen-styles.ts
///
/// - calls:   the engine before it went block-major: one `oscSine(S, slot, inc, SINE)` call per unit per sample.
/// - inline:  the unit's code written into the loop, its phase in a local for the whole block.
/// - bank/sample: one loop over the units inside the sample loop (state and increments in arrays).
/// - bank/block: the unit loop outside, a tight sample loop inside, summing into a block buffer.

import { oscSine } from '../../worklet/dsp/osc.ts'
import { sineTable } from '../../worklet/dsp/wavetable.ts'
import { p3Freq } from '../patches.ts'

const SR = 48000, BLOCK = 128, SIZE = 2048
const SINE = sineTable()

type Fn = (S: Float64Array, V: Float64Array, L: Float32Array, n: number) => void

function calls(n: number): Fn {
  const lines: string[] = []
  for (let k = 0; k < n; k++) lines.push(`const u${k} = oscSine(S, ${3 * k}, v${k} * isr, SINE);`)
  const head = Array.from({ length: n }, (_, k) => `const v${k} = V[${k}];`).join('\n')
  const sum = Array.from({ length: n }, (_, k) => `u${k}`).join(' + ')
  const src = `return function main(S, V, L, n) {\nconst isr = ${1 / SR};\n${head}\nfor (let i = 0; i < n; i++) {\n${lines.join('\n')}\nL[i] = (${sum}) * ${1 / n};\n}\n}`
  return new Function('oscSine', 'SINE', src)(oscSine, SINE) as Fn
}

function inline(n: number): Fn {
  const pre: string[] = [], body: string[] = [], post: string[] = []
  for (let k = 0; k < n; k++) {
    pre.push(`let p${k} = S[${3 * k}]; const d${k} = V[${k}] * isr;`)
    body.push(`x = p${k} * ${SIZE}; j = x | 0; const u${k} = SINE[j] + (x - j) * (SINE[j + 1] - SINE[j]); p${k} += d${k}; if (p${k} >= 1) p${k} -= 1;`)
    post.push(`S[${3 * k}] = p${k};`)
  }
  const sum = Array.from({ length: n }, (_, k) => `u${k}`).join(' + ')
  const src = `return function main(S, V, L, n) {\nconst isr = ${1 / SR};\n${pre.join('\n')}\nlet x = 0, j = 0;\nfor (let i = 0; i < n; i++) {\n${body.join('\n')}\nL[i] = (${sum}) * ${1 / n};\n}\n${post.join('\n')}\n}`
  return new Function('SINE', src)(SINE) as Fn
}

function bankSample(n: number): Fn {
  const src = `return function main(S, V, L, n) {
  const isr = ${1 / SR};
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let k = 0; k < ${n}; k++) {
      const o = 3 * k, p = S[o], x = p * ${SIZE}, j = x | 0;
      acc += SINE[j] + (x - j) * (SINE[j + 1] - SINE[j]);
      let q = p + V[k] * isr; if (q >= 1) q -= 1; S[o] = q;
    }
    L[i] = acc * ${1 / n};
  }
}`
  return new Function('SINE', src)(SINE) as Fn
}

function bankBlock(n: number): Fn {
  const src = `const acc = new Float64Array(${BLOCK});
return function main(S, V, L, n) {
  const isr = ${1 / SR};
  acc.fill(0, 0, n);
  for (let k = 0; k < ${n}; k++) {
    let p = S[3 * k]; const d = V[k] * isr;
    for (let i = 0; i < n; i++) {
      const x = p * ${SIZE}, j = x | 0;
      acc[i] += SINE[j] + (x - j) * (SINE[j + 1] - SINE[j]);
      p += d; if (p >= 1) p -= 1;
    }
    S[3 * k] = p;
  }
  for (let i = 0; i < n; i++) L[i] = acc[i] * ${1 / n};
}`
  return new Function('SINE', src)(SINE) as Fn
}

/// Renders `seconds` with a fresh state; the function is reused across rounds (warm).
function time(f: Fn, n: number, seconds: number): { x: number; rms: number } {
  const S = new Float64Array(3 * n)
  const V = Float64Array.from({ length: n }, (_, k) => p3Freq(k))
  const L = new Float32Array(BLOCK)
  const blocks = Math.round((seconds * SR) / BLOCK)
  let sum = 0
  const t0 = performance.now()
  for (let b = 0; b < blocks; b++) {
    f(S, V, L, BLOCK)
    for (let i = 0; i < BLOCK; i++) sum += L[i] * L[i]
  }
  const ms = performance.now() - t0
  return { x: seconds / (ms / 1000), rms: Math.sqrt(sum / (blocks * BLOCK)) }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
const styles: Record<string, (n: number) => Fn> = { calls, inline, 'bank/sample': bankSample, 'bank/block': bankBlock }
// The machine is shared and noisy: styles are interleaved round by round, medians reported.
for (const n of [64, 256, 1024, 4096]) {
  const live = Object.entries(styles).filter(([name]) => n <= 1024 || !(name === 'calls' || name === 'inline'))
  const fns = live.map(([name, make]) => [name, make(n)] as const)
  const xs = new Map<string, number[]>()
  let rms = 0
  const seconds = n >= 1024 ? 0.25 : 1
  for (const [, f] of fns) time(f, n, seconds / 2) // warm-up
  for (let round = 0; round < 5; round++) {
    for (const [name, f] of fns) {
      const r = time(f, n, seconds)
      ;(xs.get(name) ?? xs.set(name, []).get(name)!).push(r.x)
      rms = r.rms
    }
  }
  console.log(`N=${n} (rms ${rms.toFixed(4)}): ${[...xs].map(([name, x]) => `${name} ${median(x).toFixed(1)}x`).join(' | ')}${n > 1024 ? ' | calls, inline: not run (unrolled code this size is not optimised)' : ''}`)
}
