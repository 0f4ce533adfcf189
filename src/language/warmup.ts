/// Compiles a small patch that touches every statement, function and error path a few dozen times,
/// then a long one, whole and edited, each edit parsed as the editor parses it, so that V8 has
/// optimised the compiler by the time a musician's first edit arrives: a fresh page runs it in the
/// interpreter, several times slower, for the first dozens of compiles. The IDE runs this in idle
/// time after it starts (`src/main.ts`), the way the worklet warms its kernels
/// (`worklet/engine/warmup.ts`).

import { TreeFragment, type Tree } from '@lezer/common'
import { patchParser } from './parser.ts'
import { compile } from './compile.ts'
import type { CompiledPatch } from './patch-data.ts'

/// Besides the statements, it holds shapes the generator treats apart that no example has: a sum
/// of two oscillators of one bank (`pair`, the usual detuned pair), two lowpasses at the cutoff
/// knob (in `tone`: a pair at a knob's rows, filterPairRows), four lowpasses at it times rows (in
/// the voice: a quad at a knob's rows, filterQuadRows), a mix of two sines (`kick`, a sine bank of
/// one group), and (LONG_PATCH) a mono out scaled by a number. Without the first, the bench's
/// 200-line patch reached a block of the generator no warm-up run had, and its first compile in
/// Chromium deoptimised the generator's main function; without the last two, P2 and P4 did
/// (bench/warm-coverage.ts lists what a text reaches that the warm-up does not).
export const PATCH = `# warm-up: every statement, function, helper and control
bpm 120
knob cutoff = 1800 [80..9000] exp cc 74
knob q = 2 [0.5..12]
fader level = 0.7 [0..1] lin
step_seq hats = [x . x x . x . x]
piano_roll lead = [c4 e4 g4 _ b4 . c#4+eb4 a-1]

voice pluck(freq, gate, vel) {
  node env = adsr(gate, 3ms, 180ms, 0.25, 250ms)
  node o = osc(saw, freq) + osc(square, freq * 1.006, pw: 0.3) - osc(tri, freq / 2) * vel
  node pair = osc(saw, freq) + osc(saw, freq * 1.01)
  node band1 = filter(lp, o, cutoff, 0.7) * env
  node band2 = filter(lp, pair, cutoff + 300, 0.8) * env
  node band3 = filter(lp, o, cutoff + 900, 1.1) * vel
  node band4 = filter(lp, pair, cutoff + 1500, 0.6) * env
  out = filter(lp, o + pair * 0.5 + (band1 + band2 + band3 + band4) * 0.1, 200 + env * cutoff, 0.8) * env
}

node clock = trig(beat * 4, duty: 0.25)
node lfo = osc(sine, 0.2) * 0.5 + 0.5
node hat = filter(hp, noise(), 7000, q) * adsr(seq(clock, hats), 1ms, 40ms, 0, 10ms)
node bass = osc(saw, seq(clock, [55 . 82.5 _ c2 e2+g2 x .5])) * -0.2
node keys = poly(pluck, lead, rate: beat * 2, voices: 6, gate: 0.5)
node echo = delay(keys + echo * 0.3, 0.357, 0.45)
node pink = noise(color: pink) * (1 - lfo)
node kick = mix(osc(sine, 50), osc(sine, 120)) * adsr(clock, 1ms, 90ms, 0, 20ms)
node tone = filter(lp, bass, 900) + filter(lp, hat, 2400, 0.7) + filter(lp, bass, cutoff) * lfo + filter(lp, hat, cutoff + 600, 0.7) * lfo
node mixed = mix(keys, echo * 0.5, hat * 0.3, bass, tone, kick) + clip(pink, -1, 1) + tanh(abs(bass) * 2)
out = mixed * level, mixed * level * 0.9
`

/// Variants through the other paths: new values only, an unknown name, a syntax error, a loop.
export const VARIANTS = [
  PATCH,
  PATCH.replace('0.357', '0.4').replace('1800', '2000'),
  PATCH.replace('out = mixed * level,', 'out = mixd * levl,'),
  PATCH.replace('node pink = noise(', 'node pink = noise(('),
  PATCH.replace('node lfo = osc(sine, 0.2)', 'node lfo = osc(sine, mixed)').replace('knob q = 2', 'knob q = 20'),
]

/// PATCH's main nodes copied COPIES times under numbered names (`lfo0`, `lfo1`, ...), about 200
/// lines, mixed into one out. A long patch takes paths a short one never reaches: Lezer splits a
/// tree of more than 1024 nodes into balanced subtrees, the compiler's and the generator's tables
/// and strings grow past their small sizes. Warmed with PATCH alone, the first compiles of a
/// 200-line patch took 10-25 ms on the page's main thread, where later ones take 2.5 (Chromium).
/// It is compiled (and its code generated, LONG_GENERATES times) after the short rounds,
/// LONG_ROUNDS times, in steps the IDE takes in its idle periods (longRounds): cold, its first
/// compile took 200-300 ms in one go; after them, 30-80 ms. The IDE runs these rounds only once its
/// editor holds a long patch (LONG_FROM_LINES).
export const LONG_PATCH = longVariant(PATCH, 20)
export const LONG_ROUNDS = 8
/// Each long round's patch has its code generated this many times. Once a round left the
/// generator's paths for long mains (the call table's reading above all) short of V8's optimising
/// tiers: in a Chromium page warmed as the IDE warms, the 200-line bench patch's generates 1 to 5
/// after the warm-up took 1.0-9.6 ms (half of them over 2) where later ones take 0.8-1.0; five a
/// round, 0.7-1.3 in all thirty (six pages each, alternating; parse, compile and generate together,
/// median of the five: 5.9-7.9 ms against 2.8-4.4 on that busy machine).
export const LONG_GENERATES = 5
/// The IDE runs the long rounds once the patch in its editor has this many lines (src/main.ts).
export const LONG_FROM_LINES = 100

function longVariant(text: string, copies: number): string {
  const lines = text.split('\n')
  const voiceEnd = lines.indexOf('}')
  const head = lines.filter((l, i) => i <= voiceEnd || !/^(node|out) /.test(l))
  const body = lines.filter((l, i) => i > voiceEnd && l.startsWith('node '))
  const names = new Set(body.map((l) => l.split(' ')[1]))
  // Every main node name, but not a keyword argument's word (`color: pink` stays pink).
  const rename = (l: string, c: number) => l.replace(/(?<!: )\b[a-z]\w*\b/g, (w) => (names.has(w) ? w + c : w))
  // A blank line after each copy, as a long patch has between its sections: runs of newlines are
  // trees of their own kind in Lezer's repeats, reused by paths of their own after an edit.
  const copied = Array.from({ length: copies }, (_, c) => [...body.map((l) => rename(l, c)), '']).flat()
  const mixed = Array.from({ length: copies }, (_, c) => `mixed${c}`).join(', ')
  return [...head, ...copied, `out = mix(${mixed}) * level * 0.9`, ''].join('\n')
}

/// Rounds that bring the compiler to V8's optimising tiers (measured in Node on a loaded 2-core
/// machine: after 10 to 30 rounds the 200-line benchmark patch compiles in about 1 ms instead of
/// 4 to 9 ms; each round after the first takes a few ms).
export const WARM_ROUNDS = 12

/// The compiler's part of a round, a compile per step: PATCH whole, then the editor's path through
/// every variant, each parsed from the tree of the one before, with the tree handed to the compiler.
function* compilerSteps(): Generator<void, void> {
  compile(PATCH)
  yield
  let text = PATCH, tree = patchParser().parse(PATCH)
  for (const next of VARIANTS) {
    tree = reparse(text, tree, next)
    compile(next, tree)
    text = next
    yield
  }
}

/// Example patches compiled per short round (shortRounds: `examples`, the texts of patches/, which
/// the page bundles, three a round in turn): with WARM_ROUNDS rounds, each of the twelve three
/// times. The warm-up patch alone gives V8 the feedback of its own shapes: on the first compiles
/// of another patch, functions optimised on it met objects of layouts they had not seen and
/// deoptimised ("wrong map", "insufficient type feedback": 11 deoptimisations in the bench's first
/// 200-line runs, `--trace-deopt` in Chromium; 3 with the examples warmed as here), then were
/// compiled again on the other core while the musician waited. The examples are what patches are
/// made of.
export const EXAMPLES_PER_ROUND = 3

/// A mono out that is a mix of two (the generator's output pass takes it: vOutMono's mode 2), which
/// PATCH's stereo out and LONG_PATCH's scaled one are not. Without it, P2's first compile reached
/// a block of the generator the warm-up had not.
export const MONO_MIX = 'node a = osc(saw, 110) * 0.5\nnode b = filter(bp, noise(), 2000, 5)\nout = mix(a, b)\n'

let warmPatches: CompiledPatch[] | undefined

/// The WARM_ROUNDS short rounds as steps for the page to take in its idle time (src/main.ts; the
/// bench pages take them at once, allShortRounds), each a compile or a generate (`generate` is the
/// page's code generator, which the compiler does not import). A round: the compiler's part, then
/// this round's examples (`examples`, the texts of patches/) compiled, then the code of PATCH's,
/// MONO_MIX's and the examples' patches generated. Each step yields how many rounds are done. A
/// round at once held a fresh page's main thread 150-400 ms in its first rounds, where a musician
/// may already be typing (Chromium, the IDE's long tasks; bench/PROFILE.md, session 24).
export function* shortRounds(examples: readonly string[], generate: (patch: CompiledPatch) => unknown): Generator<number, void> {
  for (let round = 0; round < WARM_ROUNDS; round++) {
    for (const _ of compilerSteps()) yield round
    warmPatches ??= [PATCH, MONO_MIX].flatMap((t) => compile(t).patch ?? [])
    const patches = [...warmPatches]
    for (let k = 0; k < Math.min(EXAMPLES_PER_ROUND, examples.length); k++) {
      const patch = compile(examples[(round * EXAMPLES_PER_ROUND + k) % examples.length]).patch
      if (patch) patches.push(patch)
      yield round
    }
    for (let i = 0; i < patches.length; i++) {
      generate(patches[i])
      yield i === patches.length - 1 ? round + 1 : round
    }
  }
}

/// Every short round at once (the bench pages and tools, which wait for the warm-up anyway).
export function allShortRounds(examples: readonly string[], generate: (patch: CompiledPatch) => unknown): void {
  const steps = shortRounds(examples, generate)
  while (!steps.next().done);
}

/// Where the long rounds' edits fall, as fractions of LONG_PATCH.
const EDIT_AT = [0.5, 0.2, 0.8, 0.35]
/// The long rounds' edits, in turn: a wave's name made longer, and one made shorter.
const EDITS = [['osc(saw', 'osc(square'], ['osc(sine', 'osc(tri']] as const

/// Long round `round`: LONG_PATCH from its text (even rounds), or (odd rounds) a shape edit of it
/// (a wave's name made longer or, every other time, shorter: Lezer cuts and reuses the old tree by
/// paths of their own for each, and the bench's 200-line edit, sine to tri, reached two of them
/// cold), back and again, each parsed as the editor parses it, from the tree before (the later
/// ones from trees themselves partly reused, as every tree is after the first edit). Returns the
/// edited patch, whose code the page generates as for a new shape.
export function warmLong(round: number): CompiledPatch | null {
  let patch: CompiledPatch | null = null
  for (const p of longCompiles(round)) patch = p
  return patch
}

/// Long round `round`'s compiles one by one (warmLong): each yields its patch.
function* longCompiles(round: number): Generator<CompiledPatch | null, void> {
  if (round % 2 === 0) {
    yield compile(LONG_PATCH).patch
    return
  }
  // An edit, back and again, each parsed from the tree before, as a musician's edits follow one
  // another: Lezer reuses a tree that was itself pieced together from reused nodes by paths of its
  // own, and the paths also depend on where the edit falls among its balanced subtrees. One edit
  // and back, in the middle only, left them cold (bench/warm-coverage.ts edit).
  const [from, to] = EDITS[(round >> 1) % EDITS.length]
  const at = LONG_PATCH.indexOf(from, Math.floor(LONG_PATCH.length * EDIT_AT[(round >> 1) % EDIT_AT.length]))
  const edited = LONG_PATCH.slice(0, at) + to + LONG_PATCH.slice(at + from.length)
  let prev = LONG_PATCH, tree = patchParser().parse(LONG_PATCH)
  for (const next of [edited, LONG_PATCH, edited]) {
    tree = reparse(prev, tree, next)
    yield compile(next, tree).patch
    prev = next
  }
}

/// The long rounds as steps for the page to take in its idle time: a step is one of a round's
/// compiles (warmLong: one in an even round, three in an odd one) or one of its patch's generates
/// (`generate` is the page's code generator, which the compiler does not import). Each yields how
/// many rounds are done. The IDE takes steps while an idle period lasts (src/main.ts), so that a
/// musician's keystroke waits for one step at most: a round with its five generates at once held
/// the main thread 48-193 ms, a compile with one generate 23-155; a step alone took 9-87 ms (an odd
/// round's three compiles) or 3-94 (a generate, 111 of 120 under 40; Chromium, three pages).
export function* longRounds(generate: (patch: CompiledPatch) => unknown): Generator<number, void> {
  for (let round = 0; round < LONG_ROUNDS; round++) {
    let patch: CompiledPatch | null = null
    for (const p of longCompiles(round)) {
      patch = p
      yield round
    }
    for (let i = 0; i < LONG_GENERATES; i++) {
      if (patch) generate(patch)
      yield i === LONG_GENERATES - 1 ? round + 1 : round
    }
  }
}

/// Every long round at once (the bench pages and tools, which wait for the warm-up anyway).
export function allLongRounds(generate: (patch: CompiledPatch) => unknown): void {
  const steps = longRounds(generate)
  while (!steps.next().done);
}

/// The tree of `next` as the editor gets it after an edit of `prev`: Lezer reusing the fragments of
/// `prev`'s tree around the change, a path of its own in the parser (fragment cursors, reused
/// nodes). Warmed only with whole parses, it deoptimised on the first edits (`--trace-deopt` in
/// Chromium: parse, advanceStack, takeNode, getActions and the tree cursor's moves).
export function reparse(prev: string, tree: Tree, next: string): Tree {
  let from = 0
  while (from < prev.length && from < next.length && prev.charCodeAt(from) === next.charCodeAt(from)) from++
  let toA = prev.length, toB = next.length
  while (toA > from && toB > from && prev.charCodeAt(toA - 1) === next.charCodeAt(toB - 1)) {
    toA--
    toB--
  }
  return patchParser().parse(next, TreeFragment.applyChanges(TreeFragment.addTree(tree), [{ fromA: from, toA, fromB: from, toB }]))
}
