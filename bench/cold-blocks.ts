/// The blocks of code that a piece of work reaches but that the IDE's warm-up never ran
/// (src/language/warmup.ts, its rounds as the IDE runs them). V8 optimises a function on the
/// feedback its runs left; a block no warm-up run reached has none, and the first patch that
/// reaches it deoptimises the function ("Insufficient type feedback", `--log-deopt` in Chromium)
/// and runs it in a slower tier until V8 optimises it again, while the musician waits.
/// bench/warm-coverage.ts prints them; test/unit/warm-coverage.test.ts keeps the compiler and the
/// generator free of them for the bench's patches. V8's precise coverage, through the inspector.

import { Session } from 'node:inspector/promises'
import { generate } from '../worklet/engine/codegen.ts'
import { LONG_ROUNDS, WARM_ROUNDS, shortRound, warmLong } from '../src/language/warmup.ts'

export interface ColdBlock {
  /// The script's path, as the runtime loaded it.
  url: string
  line: number
  fn: string
  /// The block's first characters.
  text: string
}

interface Range { startOffset: number; endOffset: number; count: number }
interface Fn { functionName: string; ranges: Range[] }
interface ScriptCoverage { scriptId: string; url: string; functions: Fn[] }

/// Runs the IDE's warm-up rounds over `examples` (the texts of patches/), then `work`; returns the
/// blocks of scripts whose URL matches `scripts` that `work` ran and the warm-up did not.
export async function coldBlocks(examples: readonly string[], work: () => void, scripts: RegExp): Promise<ColdBlock[]> {
  const session = new Session()
  session.connect()
  const urls = new Map<string, string>()
  session.on('Debugger.scriptParsed', (m) => {
    if (scripts.test(m.params.url)) urls.set(m.params.scriptId, m.params.url)
  })
  try {
    await session.post('Profiler.enable')
    await session.post('Debugger.enable')
    await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true })
    for (let k = 0; k < WARM_ROUNDS; k++) for (const p of shortRound(k, examples)) generate(p)
    for (let k = 0; k < LONG_ROUNDS; k++) generate(warmLong(k)!)
    // Each take returns the counts since the one before.
    const warm = (await session.post('Profiler.takePreciseCoverage')).result as ScriptCoverage[]
    work()
    const after = (await session.post('Profiler.takePreciseCoverage')).result as ScriptCoverage[]
    await session.post('Profiler.stopPreciseCoverage')
    const out: ColdBlock[] = []
    for (const script of after) {
      if (!urls.has(script.scriptId)) continue
      const before = warm.find((w) => w.scriptId === script.scriptId)
      const source = ((await session.post('Debugger.getScriptSource', { scriptId: script.scriptId })) as { scriptSource: string }).scriptSource
      const lines = new Set<number>()
      for (const f of script.functions) {
        for (const r of f.ranges) {
          if (r.count === 0 || countAt(script.functions, r.startOffset) === 0) continue
          if (before && countAt(before.functions, r.startOffset) !== 0) continue
          const line = source.slice(0, r.startOffset).split('\n').length
          if (lines.has(line)) continue
          lines.add(line)
          const text = source.slice(r.startOffset, Math.min(r.endOffset, r.startOffset + 100)).replace(/\s+/g, ' ')
          out.push({ url: script.url, line, fn: f.functionName || '(anonymous)', text })
        }
      }
    }
    return out
  } finally {
    await session.post('Debugger.disable')
    await session.post('Profiler.disable')
    session.disconnect()
  }
}

/// The count of the innermost range holding `offset`, or -1 when no function holds it.
function countAt(fns: Fn[], offset: number): number {
  let best: Range | null = null
  for (const f of fns) {
    for (const r of f.ranges) {
      if (r.startOffset <= offset && offset < r.endOffset && (!best || r.endOffset - r.startOffset <= best.endOffset - best.startOffset)) best = r
    }
  }
  return best ? best.count : -1
}
