/// Run by warm-deopts.test.ts under `node --trace-opt --trace-deopt`: the IDE's warm-up of the
/// compiler and the code generator (src/language/warmup.ts, as src/main.ts runs it), then the
/// bench's 200-line patch compiled and its code generated again and again, as a musician's edits
/// of a long patch do, with pauses for V8's optimising compilers (they run beside the page's main
/// thread) to finish. Markers split the trace for the test.
///
///   node --trace-opt --trace-deopt --import tsx test/unit/helpers/generator-deopts.ts

import { longText } from '../../../bench/patches.ts'
import { compile } from '../../../src/language/compile.ts'
import { allLongRounds, allShortRounds } from '../../../src/language/warmup.ts'
import { generate } from '../../../worklet/engine/codegen.ts'
import { examplePatches } from './examples.ts'

allShortRounds([...examplePatches().values()], generate)
allLongRounds(generate)
console.log('=== warmed')
const text = longText()
for (let pass = 0; pass < 4; pass++) {
  await new Promise((r) => setTimeout(r, 100))
  for (let k = 0; k < 15; k++) {
    const patch = compile(text).patch
    if (!patch) throw new Error('the 200-line patch does not compile')
    generate(patch)
  }
}
console.log('=== edited')
