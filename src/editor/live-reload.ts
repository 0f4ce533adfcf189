/// Live reload: the patch is compiled a few milliseconds after the last keystroke, good patches go
/// to the engine at once and errors become lint marks at their ranges. Edits flagged with
/// `immediateEdit` (number scrubbing, panel controls) and the `applyNow` effect (Ctrl/Cmd+Enter)
/// skip the debounce.
///
/// New errors are shown a little later than they are found, so that half-typed words do not
/// flash red; a fix clears them at once.

import { Annotation, StateEffect, type Extension } from '@codemirror/state'
import { ViewPlugin, type EditorView, type ViewUpdate } from '@codemirror/view'
import { setDiagnostics, type Diagnostic as LintDiagnostic } from '@codemirror/lint'
import type { Tree } from '@lezer/common'
import type { CompileResult, Diagnostic } from '../language/patch-data.ts'
import { wholeTree } from './scope.ts'

export interface LiveReloadConfig {
  /// Gets the tree CodeMirror has already parsed, when it has parsed the whole text.
  compile(text: string, tree?: Tree): CompileResult
  /// Every compile's result; `result.patch` is null when the text has errors.
  onResult(result: CompileResult, info: CompileInfo): void
  /// Quiet time after the last keystroke before compiling.
  debounceMs?: number
  /// Extra delay before new errors are drawn.
  errorDelayMs?: number
}

export interface CompileInfo {
  text: string
  /// Time spent compiling.
  ms: number
  /// `performance.now()` of the edit that led to this compile.
  editedAt: number
  /// Whether Ctrl/Cmd+Enter asked for it.
  forced: boolean
}

/// Marks a transaction whose edit should compile and play without the debounce.
export const immediateEdit = Annotation.define<boolean>()

/// Compiles and applies the current text now (Ctrl/Cmd+Enter), even if it did not change.
export const applyNow = StateEffect.define<null>()

export function toLint(diags: readonly Diagnostic[], docLength: number): LintDiagnostic[] {
  return diags.map((d) => {
    const from = Math.min(Math.max(0, d.from), docLength)
    return { from, to: Math.min(Math.max(from, d.to), docLength), severity: d.severity, message: d.message }
  })
}

export function liveReload(config: LiveReloadConfig): Extension {
  const debounce = config.debounceMs ?? 25
  const errorDelay = config.errorDelayMs ?? 300
  return ViewPlugin.fromClass(
    class {
      timer = 0
      errorTimer = 0
      editedAt = performance.now()
      queued = false
      forced = false
      showingErrors = false
      showing = 0

      constructor(readonly view: EditorView) {
        this.queue(false)
      }

      update(u: ViewUpdate) {
        const forced = u.transactions.some((tr) => tr.effects.some((e) => e.is(applyNow)))
        if (!u.docChanged && !forced) return
        this.editedAt = performance.now()
        // Errors found for the older text would land at the wrong places.
        clearTimeout(this.errorTimer)
        if (forced || u.transactions.some((tr) => tr.annotation(immediateEdit))) this.queue(forced)
        else {
          clearTimeout(this.timer)
          this.timer = window.setTimeout(() => this.run(), debounce)
        }
      }

      // Compiling dispatches lint marks, which an update may not do: run right after it.
      queue(forced: boolean) {
        this.forced ||= forced
        if (this.queued) return
        this.queued = true
        queueMicrotask(() => this.run())
      }

      run() {
        clearTimeout(this.timer)
        this.queued = false
        const forced = this.forced
        this.forced = false
        const state = this.view.state
        const text = state.doc.toString()
        const t0 = performance.now()
        const result = config.compile(text, wholeTree(state))
        const ms = performance.now() - t0
        config.onResult(result, { text, ms, editedAt: this.editedAt, forced })
        clearTimeout(this.errorTimer)
        const hasErrors = result.diagnostics.some((d) => d.severity === 'error')
        if (!hasErrors || this.showingErrors || forced) this.show(result.diagnostics)
        else this.errorTimer = window.setTimeout(() => this.show(result.diagnostics), errorDelay)
      }

      show(diags: readonly Diagnostic[]) {
        // Most compiles of a working patch find nothing, as the one before: no transaction then.
        if (!diags.length && !this.showing) return
        this.showing = diags.length
        this.showingErrors = diags.some((d) => d.severity === 'error')
        this.view.dispatch(setDiagnostics(this.view.state, toLint(diags, this.view.state.doc.length)))
      }

      destroy() {
        clearTimeout(this.timer)
        clearTimeout(this.errorTimer)
      }
    },
  )
}
