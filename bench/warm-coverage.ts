/// What the IDE's warm-up (src/language/warmup.ts) leaves cold for one text: the blocks of the
/// compiler, the code generator and Lezer that compiling and generating it reaches but that the
/// warm-up's rounds never ran (bench/cold-blocks.ts says why that costs).
///
///   npx tsx bench/warm-coverage.ts [long|edit|P1|P2|P3|P4|path/to.patch]
///
/// `edit` is the bench's edit of the 200-line patch (one oscillator's wave, and back) as the editor
/// parses it: Lezer reusing the tree around the change, the compiler given the tree.
///
/// Prints one line per cold block (file:line, function, its first characters); nothing when the
/// warm-up covers the text. Line numbers are of the code as tsx runs it.

import { readdirSync, readFileSync } from 'node:fs'
import { longText, patchText, type PatchId } from './patches.ts'
import { coldBlocks } from './cold-blocks.ts'
import { compile } from '../src/language/compile.ts'
import { generate } from '../worklet/engine/codegen.ts'
import { reparse } from '../src/language/warmup.ts'
import { parser } from '../grammar/parser.js'

const which = process.argv[2] ?? 'long'
const text = which === 'long' || which === 'edit' ? longText() : /^P[1-4]$/.test(which) ? patchText(which as PatchId, 256) : readFileSync(which, 'utf8')

function work(): void {
  if (which !== 'edit') {
    const result = compile(text)
    if (!result.patch) throw new Error(`${which} does not compile`)
    generate(result.patch)
    return
  }
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
}

const dir = new URL('../patches/', import.meta.url)
const examples = readdirSync(dir).filter((f) => f.endsWith('.patch')).sort().map((f) => readFileSync(new URL(f, dir), 'utf8'))
const [blocks] = await coldBlocks(examples, [work], /\/(src|worklet)\/|@lezer/)
for (const b of blocks) {
  console.log(`${b.url.split('/').slice(-2).join('/')}:${b.line}`, b.fn.padEnd(20), b.text)
}
