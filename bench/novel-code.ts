/// Generated code made new for each timed load. The compile-latency figures load the same patch run
/// after run, and V8 keeps the compiled form of a `new Function` source it has seen (its eval
/// cache), which a musician's edit, new code each time, never finds: the 200-line patch's load()
/// took about 1.4 ms with its code seen before, 2.1 ms with it new (Node). A comment of its own at
/// the end of each function makes every run's code a source V8 has not seen.

import type { Generated } from '../worklet/engine/generated.ts'

let runs = 0

export function novelCode(code: Generated): Generated {
  const mark = `\n// run ${++runs}\n`
  // Copied key by key from a literal that starts with `main`, not as `{ ...code, main: ... }`: that
  // stores into fields of a copy of the generator's own object layout, and V8 deoptimises the
  // generator's functions optimised on it (see worklet/protocol.ts's lean copies).
  const copy: Record<string, unknown> = { main: code.main + mark, voices: code.voices.map((v) => v + mark) }
  for (const [k, v] of Object.entries(code)) if (k !== 'main' && k !== 'voices') copy[k] = v
  return copy as unknown as Generated
}
