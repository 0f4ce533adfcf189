/// Builds the bench page with the project's Vite config (so the compiler and worklet are bundled
/// exactly as in the app) and serves it with libfaust's files from the installed package.

import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'
import { build } from 'vite'

export const ROOT = resolve(import.meta.dirname, '..')
const PAGE = join(ROOT, 'bench/page')
const DIST = join(ROOT, 'bench/dist')
const LIBFAUST = join(ROOT, 'node_modules/@grame/faustwasm/libfaust-wasm')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.data': 'application/octet-stream',
  '.css': 'text/css',
}

export async function buildPage(): Promise<void> {
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    root: PAGE,
    base: './',
    logLevel: 'warn',
    build: {
      outDir: DIST,
      emptyOutDir: true,
      target: 'es2022',
      // faustwasm writes its AudioWorklet processor from its classes' source text: keep names intact.
      minify: false,
      sourcemap: false,
      chunkSizeWarningLimit: 100_000,
    },
  })
}

/// Serves the built page on a free local port; resolves with the server and its origin.
export function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const file = path.startsWith('/libfaust/')
      ? join(LIBFAUST, normalize(path.slice('/libfaust/'.length)))
      : join(DIST, normalize(path === '/' ? 'index.html' : path.slice(1)))
    if (!file.startsWith(LIBFAUST) && !file.startsWith(DIST)) return void res.writeHead(403).end()
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const addr = server.address()
    ok({ server, origin: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` })
  }))
}
