// A shared link is someone else's text. Whatever it holds, opening it may only put text in the
// editor: these attempts travel through a link, then through the compiler, and nothing of them
// may run or reach generated code as anything but data.
import { describe, expect, it } from 'vitest'
import { compile } from '../../../src/language/compile.ts'
import type { CompiledPatch } from '../../../src/language/patch-data.ts'
import { decodeShare, encodeShare } from '../../../src/share/codec.ts'
import { generate } from '../../../worklet/engine/codegen.ts'

const BASE = 'bpm 120\nnode tone = osc(sine, 220) * 0.1\nout = tone\n'

/// Each attempt hides a payload that would set `globalThis.pwned` if any part of the pipeline
/// evaluated patch text: in comments, names, numbers, modes, lists and keyword arguments.
const ATTEMPTS = [
  `# '); globalThis.pwned = 1; //\n${BASE}`,
  `# \`\${globalThis.pwned = 1}\`\n${BASE}`,
  `# </script><script>globalThis.pwned = 1</script>\n${BASE}`,
  `node constructor = osc(sine, 220) * 0.1\nnode toString = constructor * 1\nout = toString`,
  `knob valueOf = 0.5 [0..1]\nnode hasOwnProperty = osc(sine, 220) * valueOf\nout = hasOwnProperty`,
  `node prototype = osc(sine, 1e3) * 0.1\nout = prototype # ;globalThis.pwned=1`,
  `node a = osc(sine, 1e999) * 0.1\nout = a`,
  `node a = osc(sine, 440hz) * 1e-400\nout = a`,
  `node a = osc(sine, 0x41) * 0.1\nout = a`,
  `node a = osc(constructor, 220)\nout = a`,
  `node a = osc(sine, 220, pw: globalThis)\nout = a`,
  `node a = seq(trig(4), [x . alert x])\nout = a`,
  `node a = osc(sine, 220) * 0.1); globalThis.pwned = (1\nout = a`,
  `node a = osc(sine, 220) * 0.1\nout = a\n}; globalThis.pwned = 1; {`,
  `voice v(freq, gate) { out = osc(sine, freq) } ; node x = poly(v, [c4], rate: 1); globalThis.pwned = 1\nout = x`,
  `node a = osc(sine, 220)["constructor"]("globalThis.pwned = 1")()\nout = a`,
  `node a = osc(sine, 220) * 0.1\nout = a\n\u2028globalThis.pwned = 1`,
  // Distinctive names, so that any of them reaching generated code would be found.
  `# zzcomment_marker\nknob zzknob_marker = 0.5 [0..1]\nstep_seq zzsteps_marker = [x . x]\npiano_roll zzroll_marker = [c4 e4]\n` +
    `voice zzvoice_marker(freq, gate) { node zzinner_marker = osc(saw, freq) * adsr(gate)\n out = zzinner_marker }\n` +
    `node zznode_marker = poly(zzvoice_marker, zzroll_marker) + seq(trig(4), zzsteps_marker) * zzknob_marker\n` +
    `node zzloop_marker = delay(zznode_marker + zzloop_marker * 0.5, 0.25)\nout = zzloop_marker # zzcomment2_marker`,
]

/// Every string in the compiled data with the field it sits in.
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]]
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`))
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [...strings(k, `${path}{key}`), ...strings(v, `${path}.${k}`)])
  }
  return []
}

/// The fields whose strings may come from the text: names (as table keys) and the words the
/// compiler itself checked against its tables (modes, functions, operators).
const NAME_FIELD = /\.(name|node|voice|key|shapeKey)$|\{key\}$/
const WORD_FIELD = /\.(k|fn|mode|op|kind|curve|severity)$|\.params\[\d+\]$/

describe('links with hostile text', () => {
  it('arrive as exactly their text, and compiling them runs nothing', async () => {
    const g = globalThis as Record<string, unknown>
    for (const text of ATTEMPTS) {
      const link = await decodeShare(await encodeShare(text))
      expect(link).toEqual({ ok: true, text })
      const result = compile(text)
      expect(g.pwned, text).toBeUndefined()
      for (const d of result.diagnostics) {
        expect(Number.isInteger(d.line) && Number.isInteger(d.col), text).toBe(true)
      }
      if (result.patch) checkArtefact(result.patch, text)
    }
  })

  it('compile to data whose only text is names and checked words', () => {
    let compiled = 0
    for (const text of ATTEMPTS) {
      const patch = compile(text).patch
      if (!patch) continue
      compiled++
      checkArtefact(patch, text)
    }
    expect(compiled).toBeGreaterThanOrEqual(6)
  })
})

function checkArtefact(patch: CompiledPatch, text: string): void {
  for (const [field, s] of strings(patch)) {
    if (NAME_FIELD.test(field)) {
      // A name (or a key built from names) is letters, digits, `_` and `.` separators: the
      // grammar cannot spell anything else.
      if (field.endsWith('.shapeKey')) expect(s, field).not.toMatch(/["'`\\<>$\s]/)
      else expect(s, `${field} in ${JSON.stringify(text)}`).toMatch(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/)
    } else if (WORD_FIELD.test(field)) {
      expect(s, field).toMatch(/^[a-z_+\-*/]+$/)
    } else {
      throw new Error(`unexpected text at ${field}: ${JSON.stringify(s)} (from ${JSON.stringify(text)})`)
    }
    expect(s).not.toMatch(/pwned|script|alert|globalThis/)
  }
  for (const v of patch.values) expect(typeof v).toBe('number')

  // The engine's generated code: only generator-made fragments and numbers, never patch text.
  const gen = generate(patch)
  const sources = [gen.main, ...gen.voices].join('\n')
  expect(sources).not.toMatch(/pwned|script|alert|globalThis|marker/)
  const names = new Set<string>()
  for (const [field, value] of strings(patch)) if (/\.name$/.test(field)) names.add(value)
  for (const name of names) {
    if (name.length >= 5) expect(sources, `${name} in generated code`).not.toContain(name)
  }
}
