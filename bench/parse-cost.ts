/// What Lezer's parse of the 200-line bench patch costs with each parser a page may hold, in Node:
///
///   npx tsx bench/parse-cost.ts [processes]
///
/// - "alone": one parser parses in a process of its own, after 300 warm-up parses (median of 7 timed
///   batches): the generated parser (grammar/), a bare `configure()` copy of it (as Lezer makes
///   copies: V8 keeps one as a dictionary), and the editor's (src/editor/language.ts).
/// - "as the IDE": the editor's language loaded, the IDE's warm-up (its short and long rounds), a
///   second of rest, then the editor's first whole parse of the patch and its first ten edits, each
///   parsed from the tree before (what a musician meets opening a long patch and editing it).
///
/// Each case runs in fresh processes (V8 optimises Lezer's code for the parser objects it meets, so
/// cases in one process would change one another); the figures are each process's, in turn.

import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { TreeFragment, type Tree } from '@lezer/common'
import type { LRParser } from '@lezer/lr'
import { longText } from './patches.ts'

const CASES = ['generated', 'configure()', 'editor', 'as the IDE'] as const
type Case = (typeof CASES)[number]

/// Each edit turns one oscillator's wave from sine to tri and back, as the bench page's edit rows do.
function editsOf(text: string): { next: string; change: { fromA: number; toA: number; fromB: number; toB: number } }[] {
  const at = text.indexOf('osc(sine, pitch3)') + 4
  const tri = text.slice(0, at) + 'tri' + text.slice(at + 4)
  return [
    { next: tri, change: { fromA: at, toA: at + 4, fromB: at, toB: at + 3 } },
    { next: text, change: { fromA: at, toA: at + 3, fromB: at, toB: at + 4 } },
  ]
}

const reparse = (p: LRParser, tree: Tree, e: ReturnType<typeof editsOf>[number]): Tree =>
  p.parse(e.next, TreeFragment.applyChanges(TreeFragment.addTree(tree), [e.change]))

/// The parser a case parses with. Each is imported only by the case that uses it: importing the
/// editor's language makes its parser the compiler's (src/language/parser.ts).
async function parserFor(which: Case): Promise<LRParser> {
  const { parser } = await import('../grammar/parser.js')
  if (which === 'generated') return parser
  if (which === 'configure()') return parser.configure({})
  return (await import('../src/editor/language.ts')).patchLanguage.parser as LRParser
}

async function alone(which: Case): Promise<string> {
  const p = await parserFor(which)
  const text = longText(), [there, back] = editsOf(text)
  for (let i = 0; i < 300; i++) reparse(p, p.parse(text), there)
  const tree = p.parse(text), edited = reparse(p, tree, there)
  const median = (f: () => unknown, n: number): number => {
    const r: number[] = []
    for (let k = 0; k < 7; k++) {
      const t0 = performance.now()
      for (let i = 0; i < n; i++) f()
      r.push((performance.now() - t0) / n)
    }
    return r.sort((a, b) => a - b)[3]
  }
  const whole = median(() => p.parse(text), 40)
  const edit = median(() => reparse(p, edited, back), 200)
  return `whole ${whole.toFixed(2)} ms, edit ${edit.toFixed(3)} ms`
}

/// The editor's first whole parse and first ten edits (ms) after the IDE's warm-up.
export interface FirstParses {
  whole: number
  edits: number[]
}

async function asTheIde(): Promise<FirstParses> {
  const { patchLanguage } = await import('../src/editor/language.ts')
  const { allLongRounds, allShortRounds } = await import('../src/language/warmup.ts')
  const { generate } = await import('../worklet/engine/codegen.ts')
  const dir = fileURLToPath(new URL('../patches/', import.meta.url))
  const examples = readdirSync(dir).filter((f) => f.endsWith('.patch')).sort().map((f) => readFileSync(dir + f, 'utf8'))
  allShortRounds(examples, generate)
  allLongRounds(generate)
  // A second of rest, as the IDE has between its warm-up and a musician's first edit (and as the
  // bench page's compile-latency runs have): V8 finishes optimising the warmed code meanwhile.
  await new Promise((r) => setTimeout(r, Number(process.env.REST_MS ?? 1000)))
  const p = patchLanguage.parser as LRParser
  const text = longText(), steps = editsOf(text)
  let t0 = performance.now()
  let tree = p.parse(text)
  const whole = performance.now() - t0
  const edits: number[] = []
  for (let k = 0; k < 10; k++) {
    t0 = performance.now()
    tree = reparse(p, tree, steps[k % 2])
    edits.push(performance.now() - t0)
  }
  return { whole, edits }
}

const ideText = (r: FirstParses): string =>
  `first whole parse ${r.whole.toFixed(2)} ms, first edits ${r.edits.map((x) => x.toFixed(2)).join(' ')} ms`

/// One case in a fresh process: its last line of output.
function inProcess(c: Case, ...flags: string[]): string {
  const script = fileURLToPath(import.meta.url)
  return execFileSync(process.execPath, ['--import', 'tsx', script, '--case', c, ...flags], { encoding: 'utf8' }).trim().split('\n').pop()!
}

/// "As the IDE" in `n` fresh processes (the bench's row, bench/node.ts).
export function firstParses(n: number): FirstParses[] {
  return Array.from({ length: n }, () => JSON.parse(inProcess('as the IDE', '--json')) as FirstParses)
}

const [flag, which, json] = process.argv.slice(2)
const main = process.argv[1] === fileURLToPath(import.meta.url)
if (main && flag === '--case') {
  if (which !== 'as the IDE') console.log(await alone(which as Case))
  else if (json) console.log(JSON.stringify(await asTheIde()))
  else console.log(ideText(await asTheIde()))
} else if (main) {
  const processes = Number(flag ?? 3)
  for (const c of CASES) console.log(`${c}:\n  ${Array.from({ length: processes }, () => inProcess(c)).join('\n  ')}`)
}
