/// The page's offline renderer: compiles the text, renders it in a worker with the same engine
/// the AudioWorklet runs, and hands back the samples.

import { compile } from '../language/compile.ts'
import type { OfflineRenderer } from './render.ts'
import type { RenderReply, RenderRequest } from './render-worker.ts'
import RenderWorker from './render-worker.ts?worker'

export const renderInWorker: OfflineRenderer = (text, { seconds, sampleRate, onProgress, signal }) =>
  new Promise((resolve, reject) => {
    const patch = compile(text).patch
    if (!patch) return reject(new Error('the patch does not compile'))
    const worker = new RenderWorker()
    const stop = () => {
      worker.terminate()
      reject(new DOMException('Render cancelled', 'AbortError'))
    }
    if (signal.aborted) return stop()
    signal.addEventListener('abort', stop, { once: true })
    const finish = () => {
      signal.removeEventListener('abort', stop)
      worker.terminate()
    }
    worker.addEventListener('message', (e: MessageEvent<RenderReply>) => {
      const m = e.data
      if (m.type === 'progress') onProgress(m.fraction)
      else if (m.type === 'done') {
        finish()
        resolve({ sampleRate, channels: [m.left, m.right], faults: m.faults })
      } else {
        finish()
        reject(new Error(m.message))
      }
    })
    worker.addEventListener('error', (e) => {
      finish()
      reject(new Error(e.message || 'the render worker failed'))
    })
    const request: RenderRequest = { patch, seconds, sampleRate }
    worker.postMessage(request)
  })
