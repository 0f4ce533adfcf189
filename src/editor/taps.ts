/// Live taps: under each `node NAME = ...` line of the main patch, a small oscilloscope of that
/// node's recent signal (triggered on rising crossings, so periodic signals stand still), and at
/// the line's end the current value of slow signals.
///
/// The decorations only say where taps are; they are rebuilt from the text on each edit, and a
/// widget is equal to the one before it when the node's name is, so canvases survive edits and
/// vanish with their line. A single animation-frame loop draws every canvas whose data changed,
/// in place: no decoration update happens per frame.

import { StateField, type EditorState, type Extension, type Range } from '@codemirror/state'
import { Decoration, EditorView, ViewPlugin, WidgetType, type DecorationSet, type ViewUpdate } from '@codemirror/view'
import { syntaxTree } from '@codemirror/language'
import { voiceAt } from './scope.ts'
import { HISTORY, type History, type TapStore } from './tap-store.ts'
import { formatValue, risingCrossings, span, traceRange, triggerIndex } from './tap-trace.ts'
import { palette } from './theme.ts'

export interface TapsConfig {
  store: TapStore
  /// Whether sound is running (taps are dimmed otherwise).
  isPlaying(): boolean
  /// Called when the set of tapped nodes changes, to tell the engine what to report.
  onNodes(names: string[]): void
  /// Called after each animation frame that drew something: its cost and how many canvases.
  onDraw?(ms: number, drawn: number): void
}

const CSS_W = 480
const CSS_H = 34

class TapWidget extends WidgetType {
  constructor(readonly name: string) {
    super()
  }
  eq(other: TapWidget) {
    return other.name === this.name
  }
  toDOM() {
    const box = document.createElement('div')
    box.className = 'tl-tap'
    const canvas = document.createElement('canvas')
    canvas.className = 'tl-tap-canvas'
    canvas.dataset.node = this.name
    const dpr = Math.min(2, window.devicePixelRatio || 1)
    canvas.width = Math.round(CSS_W * dpr)
    canvas.height = Math.round(CSS_H * dpr)
    canvas.style.width = `${CSS_W}px`
    canvas.style.height = `${CSS_H}px`
    canvas.setAttribute('aria-label', `signal of ${this.name}`)
    canvas.setAttribute('role', 'img')
    box.append(canvas)
    return box
  }
  // A renamed node keeps its canvas.
  updateDOM(dom: HTMLElement) {
    const canvas = dom.firstChild as HTMLCanvasElement
    canvas.dataset.node = this.name
    canvas.setAttribute('aria-label', `signal of ${this.name}`)
    return true
  }
  get estimatedHeight() {
    return CSS_H + 6
  }
  ignoreEvent() {
    return true
  }
}

class ValueWidget extends WidgetType {
  constructor(readonly name: string) {
    super()
  }
  eq(other: ValueWidget) {
    return other.name === this.name
  }
  toDOM() {
    const span = document.createElement('span')
    span.className = 'tl-tap-value'
    span.dataset.node = this.name
    return span
  }
  updateDOM(dom: HTMLElement) {
    dom.dataset.node = this.name
    return true
  }
  ignoreEvent() {
    return true
  }
}

const nodeLine = /^\s*node\s+([A-Za-z][A-Za-z0-9_]*)/

/// The tapped nodes: lines that start a `node` statement outside any voice template. The text
/// decides, not the tree alone, so a line being edited into an error keeps its tap.
export function tappedLines(state: EditorState): { name: string; lineEnd: number }[] {
  const out: { name: string; lineEnd: number }[] = []
  for (let i = 1; i <= state.doc.lines; i++) {
    const line = state.doc.line(i)
    const m = nodeLine.exec(line.text)
    if (m && !voiceAt(state, line.from + m[0].length)) out.push({ name: m[1], lineEnd: line.to })
  }
  return out
}

function build(state: EditorState): DecorationSet {
  const ranges: Range<Decoration>[] = []
  for (const { name, lineEnd } of tappedLines(state)) {
    ranges.push(Decoration.widget({ widget: new ValueWidget(name), side: 1 }).range(lineEnd))
    ranges.push(Decoration.widget({ widget: new TapWidget(name), side: 2, block: true }).range(lineEnd))
  }
  return Decoration.set(ranges, true)
}

const tapField = StateField.define<DecorationSet>({
  create: build,
  // A tree that grew (a background parse finishing) may show a line to be inside a voice.
  update: (deco, tr) => (tr.docChanged || syntaxTree(tr.startState) !== syntaxTree(tr.state) ? build(tr.state) : deco),
  provide: (f) => EditorView.decorations.from(f),
})

interface CanvasState {
  serial: number
  name: string
  lo: number
  hi: number
  playing: boolean
  /// `performance.now()` when the signal last oscillated, and when the scope last triggered.
  lastFast: number
  lastTrigger: number
}

function tapRenderer(config: TapsConfig) {
  return ViewPlugin.fromClass(
    class {
      frame = 0
      drawn = new WeakMap<HTMLCanvasElement, CanvasState>()
      names = ''
      history: History = { value: new Float32Array(HISTORY), lo: new Float32Array(HISTORY), hi: new Float32Array(HISTORY) }
      // Only canvases scrolled into view are drawn (CodeMirror keeps a margin of lines around
      // the view in the DOM, so many taps exist that nobody can see).
      visible = new WeakSet<HTMLCanvasElement>()
      observed = new Set<HTMLCanvasElement>()
      ticks = 0
      io: IntersectionObserver

      constructor(readonly view: EditorView) {
        this.io = new IntersectionObserver(
          (entries) => {
            for (const e of entries) {
              const c = e.target as HTMLCanvasElement
              if (e.isIntersecting) this.visible.add(c)
              else this.visible.delete(c)
            }
          },
          { root: view.scrollDOM },
        )
        this.reportNodes()
        this.frame = requestAnimationFrame(this.tick)
      }

      /// Watches new canvases and forgets removed ones.
      observe(canvas: HTMLCanvasElement) {
        if (this.observed.has(canvas)) return
        this.observed.add(canvas)
        this.io.observe(canvas)
      }

      prune() {
        for (const c of this.observed) {
          if (c.isConnected) continue
          this.io.unobserve(c)
          this.observed.delete(c)
        }
      }

      update(u: ViewUpdate) {
        if (u.docChanged || syntaxTree(u.startState) !== syntaxTree(u.state)) this.reportNodes()
      }

      reportNodes() {
        const names = [...new Set(tappedLines(this.view.state).map((t) => t.name))]
        const key = names.join(' ')
        if (key === this.names) return
        this.names = key
        config.onNodes(names)
      }

      tick = () => {
        this.frame = requestAnimationFrame(this.tick)
        const t0 = performance.now()
        let drawn = 0
        const store = config.store
        const playing = config.isPlaying()
        if (++this.ticks % 120 === 0) this.prune()
        for (const canvas of this.view.contentDOM.querySelectorAll<HTMLCanvasElement>('canvas.tl-tap-canvas')) {
          this.observe(canvas)
          if (!this.visible.has(canvas)) continue
          const name = canvas.dataset.node ?? ''
          let st = this.drawn.get(canvas)
          if (st && st.serial === store.serial && st.name === name && st.playing === playing) continue
          if (!st) this.drawn.set(canvas, (st = { serial: -1, name, lo: -1, hi: 1, playing, lastFast: -Infinity, lastTrigger: -Infinity }))
          st.serial = store.serial
          st.name = name
          st.playing = playing
          this.draw(canvas, name, st)
          drawn++
        }
        if (drawn) config.onDraw?.(performance.now() - t0, drawn)
      }

      draw(canvas: HTMLCanvasElement, name: string, st: CanvasState) {
        const g = canvas.getContext('2d')
        if (!g) return
        const store = config.store
        const sig = store.signals.get(name)
        const now = performance.now()
        // A node that oscillated within the last second is drawn as a scope; a slower one as a
        // strip with its value printed (a kick between hits is still an audio signal).
        if (sig && risingCrossings(sig) >= 2) st.lastFast = now
        const slow = now - st.lastFast > 1000
        const trigger = sig && !slow ? triggerIndex(sig, sig.length >> 1) : -1
        // Like a scope in normal mode: keep the last triggered picture while nothing triggers,
        // and fall back to the free-running trace when nothing has for a while.
        if (!slow && trigger < 0 && now - st.lastTrigger < 500 && st.playing) return
        if (trigger >= 0) st.lastTrigger = now
        const hist = slow ? store.history(name, this.history) : null
        const valueEl = this.view.contentDOM.querySelector<HTMLElement>(`.tl-tap-value[data-node="${name}"]`)
        const value = store.values.get(name)
        const label = slow && value !== undefined ? formatValue(value) : ''
        if (valueEl && valueEl.textContent !== label) valueEl.textContent = label
        const w = canvas.width
        const h = canvas.height
        g.clearRect(0, 0, w, h)
        if (!sig && !hist) {
          g.fillStyle = palette.line
          g.fillRect(0, h >> 1, w, 1)
          return
        }
        // The scale follows growth at once and shrinks slowly, so traces do not jump.
        const [lo, hi] = hist ? traceRange(span(hist.lo)[0], span(hist.hi)[1]) : traceRange(...span(sig!))
        st.lo = lo < st.lo ? lo : st.lo + (lo - st.lo) * 0.15
        st.hi = hi > st.hi ? hi : st.hi + (hi - st.hi) * 0.15
        const pad = 3
        const y = (v: number) => pad + (1 - (v - st.lo) / (st.hi - st.lo || 1)) * (h - 2 * pad)
        if (st.lo < 0 && st.hi > 0) {
          g.fillStyle = palette.line
          g.fillRect(0, Math.round(y(0)), w, 1)
        }
        g.globalAlpha = st.playing ? 1 : 0.4
        g.lineWidth = Math.max(1, h / 28)
        if (hist) this.strip(g, hist, w, y)
        else this.scope(g, sig!, trigger, w, y)
        g.globalAlpha = 1
      }

      /// A slow signal: its recent values scrolling right to left, over the band each frame swept.
      strip(g: CanvasRenderingContext2D, hist: History, w: number, y: (v: number) => number) {
        const n = hist.value.length
        const dx = w / (n - 1)
        // The swept band as one shape: along the highs, back along the lows.
        let first = 0
        while (first < n && Number.isNaN(hist.lo[first])) first++
        if (first === n) return
        g.fillStyle = palette.def + '55'
        g.beginPath()
        for (let i = first; i < n; i++) g.lineTo(i * dx, y(hist.hi[i]))
        for (let i = n - 1; i >= first; i--) g.lineTo(i * dx, Math.max(y(hist.lo[i]), y(hist.hi[i]) + 1))
        g.fill()
        g.strokeStyle = palette.def
        g.beginPath()
        g.moveTo(first * dx, y(hist.value[first]))
        for (let i = first + 1; i < n; i++) g.lineTo(i * dx, y(hist.value[i]))
        g.stroke()
      }


      /// A fast signal: half of its latest window, from the first rising crossing, so periodic
      /// signals stand still (the whole window when none triggers).
      scope(g: CanvasRenderingContext2D, sig: Float32Array, trigger: number, w: number, y: (v: number) => number) {
        const start = trigger >= 0 ? trigger : 0
        const count = trigger >= 0 ? sig.length >> 1 : sig.length
        g.strokeStyle = palette.tap
        g.beginPath()
        const dx = w / (count - 1)
        const first = Math.ceil(start)
        for (let i = first; i < sig.length && i <= start + count; i++) {
          const x = (i - start) * dx
          if (i === first) g.moveTo(x, y(sig[i]))
          else g.lineTo(x, y(sig[i]))
        }
        g.stroke()
      }

      destroy() {
        cancelAnimationFrame(this.frame)
        this.io.disconnect()
      }
    },
  )
}

export function liveTaps(config: TapsConfig): Extension {
  return [tapField, tapRenderer(config)]
}
