/// The first lines of a generated function (codegen.ts) and of a call-table wrapper
/// (call-table.ts), which bind what its code calls.

import { RUNTIME } from './runtime.ts'

/// The runtime's names (its kernels and wave tables) and Math's that generated code may call.
const RUNTIME_WORD = new RegExp(`\\b(?:${Object.keys(RUNTIME).join('|')})\\b`, 'g')
const MATH_WORD = /\b(?:tanh|abs)\b/g

/// A generated function's first lines: strict mode, and the runtime's and Math's functions its
/// `code` calls, bound when the program loads. Only those it calls (the 200-line patch's main, four
/// of the runtime's 42): each binding is a property read in a function run once, with V8's inline
/// caches cold, three of the runtime's are getters, and the whole list was 600 characters to parse
/// per function. The 200-line patch's main made and called, and its voice made, took 62-65 and
/// 24-30 us against 75-104 and 44-73 with every name (Node, medians of 150, two alternations). The
/// names come from RUNTIME itself, so a kernel added there is one the code may call.
export function header(code: string): string {
  const kernels = [...new Set(code.match(RUNTIME_WORD))]
  const math = [...new Set(code.match(MATH_WORD))]
  return '"use strict";\n' +
    (kernels.length > 0 ? `const {${kernels.join(', ')}} = D;\n` : '') +
    (math.length > 0 ? `const ${math.map((m) => `${m} = Math.${m}`).join(', ')};\n` : '')
}
