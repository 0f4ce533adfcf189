/// Renders a patch off the page's main thread, so a long render neither freezes the editor nor
/// stops the progress bar. Cancelling terminates the worker.

import type { CompiledPatch } from '../language/patch-data.ts'
import { renderLoop } from './render-loop.ts'

export interface RenderRequest {
  patch: CompiledPatch
  seconds: number
  sampleRate: number
}

export type RenderReply =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; left: Float32Array; right: Float32Array; faults: string[] }
  | { type: 'error'; message: string }

const scope = self as unknown as {
  postMessage(message: RenderReply, transfer?: Transferable[]): void
  addEventListener(type: 'message', listener: (e: MessageEvent<RenderRequest>) => void): void
}

scope.addEventListener('message', (e) => {
  const { patch, seconds, sampleRate } = e.data
  try {
    let last = 0
    const result = renderLoop(patch, seconds, sampleRate, (fraction) => {
      // A report every few percent is plenty for a progress bar.
      if (fraction - last >= 0.02 || fraction === 1) {
        last = fraction
        scope.postMessage({ type: 'progress', fraction })
      }
    })
    scope.postMessage({ type: 'done', ...result }, [result.left.buffer, result.right.buffer])
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) })
  }
})
