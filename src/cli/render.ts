/// `npm run -s render -- FILE.patch -o OUT.wav [--seconds S] [--rate HZ] [--set NAME=VALUE]...
///  [--swap FILE2.patch --at T] [--pcm16]`: renders a patch offline with the engine the
/// worklet runs and writes a stereo WAV (32-bit float unless --pcm16). A patch that does not
/// compile prints `FILE:LINE:COL: error: MESSAGE` lines and exits 1; bad usage exits 2.

import { readFileSync, writeFileSync } from 'node:fs'
import { compile } from '../language/compile.ts'
import type { CompiledPatch } from '../language/patch-data.ts'
import { encodeWav } from '../render/wav.ts'
import { renderOffline } from '../../worklet/render.ts'
import { formatDiagnostic } from './format.ts'

const USAGE = 'usage: npm run -s render -- FILE.patch -o OUT.wav [--seconds S] [--rate HZ] [--set NAME=VALUE]... [--swap FILE2.patch --at T] [--pcm16]\n'

function fail(message: string, code = 2): never {
  process.stderr.write(`render: ${message}\n${code === 2 ? USAGE : ''}`)
  process.exit(code)
}

interface Args {
  file: string
  out: string
  seconds: number
  rate: number
  set: Record<string, number>
  swap: string | null
  at: number | null
  pcm16: boolean
}

function parseArgs(argv: string[]): Args {
  const a: Partial<Args> & { set: Record<string, number> } = { set: {}, seconds: 10, rate: 48000, swap: null, at: null, pcm16: false }
  const number = (flag: string, s: string | undefined, min: number, max: number): number => {
    const x = Number(s)
    if (s === undefined || s.trim() === '' || !Number.isFinite(x) || x < min || x > max) fail(`${flag} needs a number from ${min} to ${max}, got ${s ?? 'nothing'}`)
    return x
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    switch (arg) {
      case '-o': case '--out': a.out = argv[++i] ?? fail('-o needs a file name'); break
      case '--seconds': a.seconds = number(arg, argv[++i], 0, 3600); break
      case '--rate': a.rate = Math.round(number(arg, argv[++i], 8000, 384000)); break
      case '--swap': a.swap = argv[++i] ?? fail('--swap needs a patch file'); break
      case '--at': a.at = number(arg, argv[++i], 0, 3600); break
      case '--pcm16': a.pcm16 = true; break
      case '--set': {
        const kv = argv[++i] ?? ''
        const eq = kv.indexOf('=')
        if (eq <= 0) fail(`--set needs NAME=VALUE, got ${kv || 'nothing'}`)
        a.set[kv.slice(0, eq)] = number(`--set ${kv.slice(0, eq)}`, kv.slice(eq + 1), -1e9, 1e9)
        break
      }
      case '-h': case '--help': process.stdout.write(USAGE); process.exit(0)
      // eslint-disable-next-line no-fallthrough
      default:
        if (arg.startsWith('-')) fail(`unknown option ${arg}`)
        if (a.file) fail(`one patch file only (got ${a.file} and ${arg})`)
        a.file = arg
    }
  }
  if (!a.file) fail('no patch file given')
  if (!a.out) fail('no output file given (-o OUT.wav)')
  if ((a.swap === null) !== (a.at === null)) fail('--swap and --at go together')
  return a as Args
}

function load(file: string): CompiledPatch {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    process.stdout.write(`${file}:1:1: error: cannot read the file (${(e as NodeJS.ErrnoException).code ?? e})\n`)
    process.exit(1)
  }
  const r = compile(text)
  for (const d of r.diagnostics) process.stdout.write(formatDiagnostic(file, d) + '\n')
  if (!r.patch) process.exit(1)
  return r.patch
}

const args = parseArgs(process.argv.slice(2))
const patch = load(args.file)
const swap = args.swap !== null ? { patch: load(args.swap), at: args.at ?? 0 } : undefined
let result
try {
  result = renderOffline(patch, { seconds: args.seconds, sampleRate: args.rate, set: args.set, swap })
} catch (e) {
  fail(e instanceof Error ? e.message : String(e), 1)
}
for (const f of result.faults) process.stderr.write(`render: fault${f.node ? ` in ${f.node}` : ''}: ${f.message}\n`)
for (const l of result.loads) if (!l.ok) fail(`the patch could not be loaded: ${l.error}`, 1)
writeFileSync(args.out, encodeWav(result.left, result.right, args.rate, { pcm16: args.pcm16 }))
const speed = result.ms > 0 ? ` (${((args.seconds * 1000) / result.ms).toFixed(1)}x realtime)` : ''
process.stderr.write(`render: wrote ${args.out}: ${args.seconds} s at ${args.rate} Hz${speed}\n`)
