// Patch text to compiled patch (through the real compiler) and to rendered samples.
import { compile } from '../../../src/language/compile.ts'
import type { CompiledPatch } from '../../../src/language/patch-data.ts'
import { renderOffline, type RenderOptions, type RenderResult } from '../../../worklet/render.ts'

export function patchOf(text: string): CompiledPatch {
  const r = compile(text)
  if (!r.patch) throw new Error(`patch does not compile:\n${r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`).join('\n')}\n${text}`)
  return r.patch
}

export function render(text: string, options: Partial<RenderOptions> & { seconds: number }): RenderResult {
  return renderOffline(patchOf(text), options)
}
