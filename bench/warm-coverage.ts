/// What the IDE's warm-up (src/language/warmup.ts) leaves cold: the blocks of the compiler, the code
/// generator and Lezer that compiling and generating one text reaches, but that the warm-up's
/// rounds, as the IDE runs them, never ran. V8 optimises a function on the feedback its runs left;
/// a block no warm-up run reached has none, and the first patch that reaches it deoptimises the
/// function ("Insufficient type feedback", `--log-deopt` in Chromium) and runs it in a slower tier
/// until V8 optimises it again, on this machine's other core, while the musician waits.
///
///   npx tsx bench/warm-coverage.ts [long|edit|P1|P2|P3|P4|path/to.patch]
///
/// `edit` is the bench's edit of the 200-line patch (one oscillator's wave, and back) as the editor
/// parses it: Lezer reusing the tree around the change, the compiler given the tree.
///
/// Prints one line per cold block (file:line, function, its first characters); nothing when the
/// warm-up covers the text. Line numbers are of the code as tsx runs it.

import { Session } from 'node:inspector/promises'
import { readdirSync, readFileSync } from 'node:fs'
import { longText, patchText, type PatchId } from './patches.ts'
import { compile } from '../src/language/compile.ts'
import { generate } from '../worklet/engine/codegen.ts'
import { LONG_ROUNDS, WARM_ROUNDS, reparse, shortRound, warmLong } from '../src/language/warmup.ts'
import { parser } from '../grammar/parser.js'

const which = process.argv[2] ?? 'long'
const text = which === 'long' || which === 'edit' ? longText() : /^P[1-4]$/.test(which) ? patchText(which as PatchId, 256) : readFileSync(which, 'utf8')

interface Range { startOffset: number; endOffset: number; count: number }
interface Fn { functionName: string; ranges: Range[] }
interface ScriptCoverage { scriptId: string; url: string; functions: Fn[] }

const session = new Session()
session.connect()
const urls = new Map<string, string>()
session.on('Debugger.scriptParsed', (m) => {
  const { scriptId, url } = m.params
  if (/\/(src|worklet)\//.test(url) || /@lezer/.test(url)) urls.set(scriptId, url)
})
await session.post('Profiler.enable')
await session.post('Debugger.enable')
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true })

// The IDE's rounds (src/main.ts): short rounds over the examples, then the long ones.
const dir = new URL('../patches/', import.meta.url)
const examples = readdirSync(dir).filter((f) => f.endsWith('.patch')).sort().map((f) => readFileSync(new URL(f, dir), 'utf8'))
for (let k = 0; k < WARM_ROUNDS; k++) for (const p of shortRound(k, examples)) generate(p)
for (let k = 0; k < LONG_ROUNDS; k++) generate(warmLong(k)!)
// Each take returns the counts since the last one.
const warm = (await session.post('Profiler.takePreciseCoverage')).result as ScriptCoverage[]
if (which === 'edit') {
  // As bench/page/main.ts times it: the tree of the text before, the edit, and back.
  const at = text.indexOf('osc(sine, pitch3)') + 4
  const edited = text.slice(0, at) + 'tri' + text.slice(at + 4)
  let tree = parser.parse(text), prev = text
  for (const next of [edited, text, edited]) {
    tree = reparse(prev, tree, next)
    const r = compile(next, tree)
    if (!r.patch) throw new Error('the edited patch does not compile')
    generate(r.patch)
    prev = next
  }
} else {
  const result = compile(text)
  if (!result.patch) throw new Error(`${which} does not compile`)
  generate(result.patch)
}
const after = (await session.post('Profiler.takePreciseCoverage')).result as ScriptCoverage[]

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
      const what = source.slice(r.startOffset, Math.min(r.endOffset, r.startOffset + 100)).replace(/\s+/g, ' ')
      console.log(`${script.url.split('/').slice(-2).join('/')}:${line}`, (f.functionName || '(anonymous)').padEnd(20), what)
    }
  }
}
session.disconnect()
