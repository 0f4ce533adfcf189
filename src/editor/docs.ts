/// Reference text for functions, modes and keyword arguments, rendered from the node-type table
/// (`src/language/node-types.ts`) for autocomplete info and hover tooltips alike.

import { NODE_TYPES, HELPERS, isNodeFn, isHelperFn, type ArgSpec, type NodeType } from '../language/node-types.ts'

/// `osc(wave, freq, pw: 0.5)`: required arguments by position, optional ones as keywords.
export function signature(fn: string): string | null {
  if (isHelperFn(fn)) return HELPERS[fn].signature
  if (!isNodeFn(fn)) return null
  const args = NODE_TYPES[fn].args.map((a) => (a.default === undefined ? a.name : `${a.name}: ${a.default}`))
  return `${fn}(${args.join(', ')})`
}

/// The words a mode argument accepts (`saw`, `lp`, `pink`).
export function modeWords(type: NodeType, arg: ArgSpec): readonly string[] {
  return arg.choices ?? (arg.kind === 'mode' ? type.modes ?? [] : [])
}

/// What a mode word means, if `word` is one of `fn`'s modes.
export function modeDoc(fn: string, word: string): string | null {
  if (!isNodeFn(fn)) return null
  const type = NODE_TYPES[fn]
  for (const arg of type.args) if (modeWords(type, arg).includes(word)) return `${fn} ${arg.name}: ${arg.doc}`
  return null
}

export function argSpec(fn: string, name: string): ArgSpec | null {
  return isNodeFn(fn) ? NODE_TYPES[fn].args.find((a) => a.name === name) ?? null : null
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  e.className = cls
  if (text !== undefined) e.textContent = text
  return e
}

/// The full reference card of a node function or helper, or null for other words.
export function fnDocElement(fn: string): HTMLElement | null {
  const sig = signature(fn)
  if (!sig) return null
  const box = el('div', 'tl-doc')
  box.append(el('div', 'tl-doc-sig', sig))
  if (isHelperFn(fn)) {
    box.append(el('div', 'tl-doc-text', HELPERS[fn].doc))
    return box
  }
  if (!isNodeFn(fn)) return box
  const type = NODE_TYPES[fn]
  box.append(el('div', 'tl-doc-text', type.doc))
  const table = el('table', 'tl-doc-args')
  for (const a of type.args) {
    const row = table.insertRow()
    row.append(el('td', 'tl-doc-arg', a.name))
    const words = modeWords(type, a)
    const extra = words.length ? ` (${words.join(', ')})` : a.default !== undefined ? ` (default ${a.default})` : ''
    row.append(el('td', 'tl-doc-argdoc', a.doc + extra))
  }
  box.append(table)
  box.append(el('div', 'tl-doc-out', `→ ${type.output}`))
  box.append(el('code', 'tl-doc-example', type.example))
  return box
}

/// A small card with a title line and one line of text.
export function noteElement(title: string, text: string): HTMLElement {
  const box = el('div', 'tl-doc')
  box.append(el('div', 'tl-doc-sig', title))
  if (text) box.append(el('div', 'tl-doc-text', text))
  return box
}
