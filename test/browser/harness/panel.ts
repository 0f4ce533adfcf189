// A page with only the editor, the compiler and the panel, for the panel's widget tests before
// (and besides) the full IDE: engine messages are recorded instead of played.
import { EditorView, basicSetup } from 'codemirror'
import { compile } from '../../../src/language/compile.ts'
import { attachPanel } from '../../../src/panel/attach.ts'
import type { ToEngine } from '../../../worklet/protocol.ts'

const DEFAULT = `bpm 120
knob  cutoff = 1800 [80..9000] exp cc 74   # filter
knob  res    = 0.8 [0.5..8]
knob  attack = 5ms [1ms..2s] exp
fader level  = 0.7 [0..1]
step_seq hats = [x . x x . x . x x . x x . x . x]
piano_roll lead = [c4 e4+g4 _ . g4 e4 c4 _]

voice pluck(freq, gate) {
  node env = adsr(gate, attack, 180ms, 0.25, 250ms)
  out = filter(lp, osc(saw, freq), 200 + env * cutoff, res) * env
}
node hat = filter(hp, noise(), 7000) * adsr(seq(trig(beat * 4), hats), 1ms, 40ms, 0, 10ms)
node keys = poly(pluck, lead, rate: beat * 2)
out = (keys + hat * 0.3) * level
`

const sent: ToEngine[] = []
let compiles = 0
let docTransactions = 0
const initial = new URLSearchParams(location.search).get('patch') ?? DEFAULT
const view = new EditorView({
  doc: initial,
  parent: document.getElementById('editor')!,
  extensions: [
    basicSetup,
    EditorView.theme({ '&': { color: '#d8dce6', backgroundColor: '#15171c' }, '.cm-gutters': { backgroundColor: '#15171c', color: '#667' } }, { dark: true }),
    EditorView.updateListener.of((u) => {
      docTransactions += u.transactions.filter((tr) => tr.docChanged).length
      if (u.docChanged) recompile()
    }),
  ],
})
const panel = attachPanel(document.getElementById('panel')!, view, (m) => sent.push(m))
function recompile() {
  compiles++
  panel.update(compile(view.state.doc.toString()))
}
recompile()

declare global {
  interface Window {
    __panelHarness: {
      view: EditorView
      sent: ToEngine[]
      text(): string
      compiles(): number
      setPlayhead(s: Record<string, number>): void
      external(kind: 'knob' | 'fader', name: string, value: number): boolean
      updateUnchanged(n: number): { mutations: number; kinds: [string, number][] }
      docTransactions(): number
    }
  }
}
window.__panelHarness = {
  view,
  sent,
  text: () => view.state.doc.toString(),
  compiles: () => compiles,
  setPlayhead: (s) => panel.setPlayhead(s),
  external: (k, n, v) => panel.panel.external(k, n, v),
  docTransactions: () => docTransactions,
  /// Updates the panel `n` times with the compile of the unchanged text, and counts what that
  /// did to the panel's DOM: a compile that changed nothing the panel shows must change nothing.
  updateUnchanged(n) {
    const result = compile(view.state.doc.toString())
    const root = document.querySelector('.tp-panel')!
    const observer = new MutationObserver(() => {})
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true })
    for (let i = 0; i < n; i++) panel.update(result)
    const records = observer.takeRecords()
    observer.disconnect()
    const kinds = new Map<string, number>()
    for (const r of records) {
      const k = `${r.type}:${r.attributeName ?? ''}:${(r.target as Element).className ?? r.target.nodeName}`
      kinds.set(k, (kinds.get(k) ?? 0) + 1)
    }
    return { mutations: records.length, kinds: [...kinds] }
  },
}
