/// Run by warm-deopts.test.ts under `node --trace-deopt`: the worklet scope's warm-up, then a patch's
/// first blocks on a fresh engine (as the processor's), between markers that the test finds in V8's
/// trace.
///
///   node --trace-deopt --import tsx test/unit/helpers/first-deopts.ts P1|patches/x.patch

import { readFileSync } from 'node:fs'
import { patchText, type PatchId } from '../../../bench/patches.ts'
import { compile } from '../../../src/language/compile.ts'
import { generate } from '../../../worklet/engine/codegen.ts'
import { Engine } from '../../../worklet/engine/engine.ts'
import { warmScope } from '../../../worklet/engine/warmup.ts'

const which = process.argv[2] ?? 'P1'
const patch = compile(which.endsWith('.patch') ? readFileSync(which, 'utf8') : patchText(which as PatchId)).patch
if (!patch) throw new Error(`${which} does not compile`)
// Generated here, as the page generates it for the worklet: between the markers only the engine runs.
const code = generate(patch)
warmScope(48000)
console.log('=== warmed')
const engine = new Engine(48000)
// As a message brings them to the worklet: structured clones (their arrays are holey and generic).
engine.load(structuredClone(patch), structuredClone(code))
const L = new Float32Array(128), R = new Float32Array(128)
for (let b = 0; b < 600; b++) {
  // A patch played from MIDI gets notes, as a keyboard sends them.
  if (b % 8 === 0) engine.midi([0x90, 48 + (b % 24), 90])
  if (b % 8 === 5) engine.midi([0x80, 48 + ((b - 5) % 24), 0])
  engine.process(L, R)
}
console.log('=== played')
