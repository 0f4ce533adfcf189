/// The blocks of code that a piece of work reaches but that the IDE's warm-up never ran
/// (src/language/warmup.ts, its rounds as the IDE runs them). V8 optimises a function on the
/// feedback its runs left; a block no warm-up run reached has none, and the first patch that
/// reaches it deoptimises the function ("Insufficient type feedback", `--log-deopt` in Chromium)
/// and runs it in a slower tier until V8 optimises it again, while the musician waits.
/// bench/warm-coverage.ts prints them; test/unit/warm-coverage.test.ts keeps the compiler and the
/// generator free of them for the bench's patches. V8's precise coverage, through the inspector.

import { Session } from 'node:inspector/promises'
import { generate } from '../worklet/engine/codegen.ts'
import { allLongRounds, allShortRounds } from '../src/language/warmup.ts'

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

/// Runs the IDE's warm-up rounds over `examples` (the texts of patches/), then each of `works` in
/// turn; returns, for each, the blocks of scripts whose URL matches `scripts` that it ran and the
/// warm-up did not. Every work is held against the one warm-up: run each with a warm-up of its own
/// in one process and the blocks an earlier work ran would count as warm for the later ones (the
/// counts of a take are those since the take before, and the warm-up's take would hold them).
export async function coldBlocks(examples: readonly string[], works: readonly (() => void)[], scripts: RegExp): Promise<ColdBlock[][]> {
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
    allShortRounds(examples, generate)
    allLongRounds(generate)
    // Each take returns the counts since the one before.
    const warm = (await session.post('Profiler.takePreciseCoverage')).result as ScriptCoverage[]
    const out: ColdBlock[][] = []
    for (const work of works) {
      work()
      const after = (await session.post('Profiler.takePreciseCoverage')).result as ScriptCoverage[]
      out.push(await cold(session, urls, warm, after))
    }
    await session.post('Profiler.stopPreciseCoverage')
    return out
  } finally {
    await session.post('Debugger.disable')
    await session.post('Profiler.disable')
    session.disconnect()
  }
}

/// The blocks `after` ran that `warm` did not, in the scripts of `urls`.
async function cold(session: Session, urls: Map<string, string>, warm: ScriptCoverage[], after: ScriptCoverage[]): Promise<ColdBlock[]> {
  const out: ColdBlock[] = []
  for (const script of after) {
    if (!urls.has(script.scriptId)) continue
    const before = warm.find((w) => w.scriptId === script.scriptId)
    const source = ((await session.post('Debugger.getScriptSource', { scriptId: script.scriptId })) as { scriptSource: string }).scriptSource
    const lines = new Set<number>()
    const add = (fn: string, r: Range): void => {
      const line = source.slice(0, r.startOffset).split('\n').length
      if (lines.has(line)) return
      lines.add(line)
      const text = source.slice(r.startOffset, Math.min(r.endOffset, r.startOffset + 100)).replace(/\s+/g, ' ')
      out.push({ url: script.url, line, fn: fn || '(anonymous)', text })
    }
    // Functions the warm-up never compiled are missing from its coverage (their text lies in their
    // parent's range, which ran): every block of them the work ran is cold.
    const warmFns = new Set(before?.functions.map((f) => f.ranges[0].startOffset))
    for (const f of script.functions) {
      const compiled = warmFns.has(f.ranges[0].startOffset)
      for (const r of f.ranges) {
        if (r.count === 0 || countAt(script.functions, r.startOffset) === 0) continue
        if (compiled && before && countAt(before.functions, r.startOffset) !== 0) continue
        add(f.functionName, r)
      }
    }
    // A block the warm-up left at 0 that the work ran as often as its function has no range of its
    // own in the work's coverage (V8 lists only blocks whose count differs from the one around
    // them), so the warm-up's zero ranges are checked against the work's counts too.
    for (const f of before?.functions ?? []) {
      for (const r of f.ranges) if (r.count === 0 && countAt(script.functions, r.startOffset) > 0) add(f.functionName, r)
    }
  }
  return out
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
