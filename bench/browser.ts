/// `npm run bench`: every engine side by side in one headless Chromium, following BENCH.md.

import { writeFile } from 'node:fs/promises'
import { cpus, freemem, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { DURATION, P3_SCAN_N, P3_TABLE_N, P3_SCAN_SECONDS, p3Seconds, type PatchId } from './patches.ts'
import type { RenderRequest, RenderResult } from './page/engines/engine.ts'
import type { CompileLatency, InitInfo, SawAlias, TapBench, TapCost } from './page/main.ts'
import { ALIAS_N } from './page/saw-alias.ts'
import {
  OURS, READY, addRatios, checkRms, compileEntry, compileTable, extraTable, maxNTable, median, renderTable, rmsSummary,
  type CompileEntry, type ExtraEntry, type MaxNEntry, type Row,
} from './report.ts'
import { ROOT, buildPage, serve } from './serve.ts'
import { buildApp, measureIdeLatency } from './ide-latency.ts'
import { measureWarmup } from './ide-warmup.ts'
import { TAPS, measureTapCost, tapEngineRows } from './ide-taps.ts'
import { addReferenceRows } from './reference.ts'

export const CHROMIUM = '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
]
let RUNS = 5
/// P3 sizes past one an engine rendered slower than this (x realtime) are skipped.
const SLOW = 1
const ENGINE_NAMES: Record<string, string> = { ours: OURS, native: 'native', faust: 'Faust', tone: 'Tone.js' }

const log = (...a: unknown[]) => console.error('[bench]', ...a)

type Bench = { page: Page; info: InitInfo }

const call = <K extends keyof TapBench>(b: Bench, fn: K, ...args: Parameters<TapBench[K]>) =>
  b.page.evaluate(
    ([fn, args]) => ((window as unknown as { tapBench: TapBench }).tapBench[fn] as (...a: unknown[]) => unknown)(...args),
    [fn, args] as const,
  ) as Promise<Awaited<ReturnType<TapBench[K]>>>

interface Runs {
  results: RenderResult[]
  error?: string
}

/// One warm-up then RUNS timed renders per engine, the engines interleaved run by run.
async function measureSet(b: Bench, engines: string[], req: RenderRequest): Promise<Map<string, Runs>> {
  const out = new Map<string, Runs>()
  const live: string[] = []
  for (const e of engines) {
    const why = b.info.missing[ENGINE_NAMES[e]] ?? (await call(b, 'cannot', e, req))
    if (why) out.set(e, { results: [], error: why })
    else {
      out.set(e, { results: [] })
      live.push(e)
    }
  }
  for (let k = 0; k <= RUNS; k++) {
    for (const e of live) {
      const runs = out.get(e)!
      if (runs.error) continue
      try {
        const r = await call(b, 'render', e, req)
        if (k > 0) runs.results.push(r)
      } catch (err) {
        runs.error = `failed: ${String(err).split('\n')[0].slice(0, 160)}`
      }
    }
  }
  return out
}

function toRow(engine: string, req: RenderRequest, runs: Runs): Row {
  const row: Row = { patch: req.patch, engine: ENGINE_NAMES[engine], x_realtime: null, x_realtime_warm: null, rms: null, ratio: null }
  if (req.patch === 'P3') row.n = req.n
  if (runs.error || !runs.results.length) {
    row.note = runs.error ?? 'no result'
    return row
  }
  const xs = runs.results.map((r) => r.seconds / (r.wallMs / 1000))
  row.runs = xs.map((x) => Math.round(x * 100) / 100)
  row.x_realtime = median(xs)
  row.x_realtime_warm = median(runs.results.map((r) => r.seconds / 2 / (r.warmMs / 1000)))
  row.rms = median(runs.results.map((r) => r.rms))
  const extraKeys = Object.keys(runs.results[0].extra ?? {})
  if (extraKeys.length) {
    row.extra = Object.fromEntries(extraKeys.map((k) => [k, median(runs.results.map((r) => r.extra![k]))]))
    if (row.extra.toneOfflineMs) row.note = `whole Tone.Offline: ${((req.seconds * 1000) / row.extra.toneOfflineMs).toFixed(1)}x`
    if (row.extra.startMs) row.note = `before the render (not timed): worklet start with its warm-up, and load, ${row.extra.startMs.toFixed(0)} ms`
  }
  return row
}

export async function runBrowser(opts: { only?: string[]; quick?: boolean } = {}): Promise<void> {
  const started = Date.now()
  // --quick: one run each, small P3 only, no scan: a smoke test of the harness, not a result.
  if (opts.quick) RUNS = 1
  log('building the bench page and the app')
  await buildPage()
  let appBuilt = ''
  try {
    await buildApp()
  } catch (e) {
    appBuilt = String(e).split('\n')[0]
  }
  const { server, origin } = await serve()
  // `gc()` in the pages: the bench page collects its heap before each render (page/main.ts `render`).
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'] })
  const browserVersion = browser.version()
  const page = await browser.newPage()
  page.on('console', (m) => { if (m.type() === 'error') log('page:', m.text()) })
  page.on('pageerror', (e) => log('page error:', e.message))
  const rows: Row[] = []
  const compiles: CompileEntry[] = []
  const maxN: MaxNEntry[] = []
  const extras: ExtraEntry[] = []
  const load = loadavg()[0]
  try {
    await page.goto(`${origin}/index.html`)
    await page.waitForFunction(() => document.body.dataset.ready === 'true')
    const info = (await page.evaluate(() => (window as unknown as { tapBench: TapBench }).tapBench.init())) as InitInfo
    const b: Bench = { page, info }
    log('engines:', info.engines.join(', '), Object.keys(info.missing).length ? `missing: ${JSON.stringify(info.missing)}` : '')
    const engines = (opts.only ?? info.engines).filter((e) => info.engines.includes(e))

    // P1, P2, P4 and P3 at the table's N.
    const reqs: RenderRequest[] = [
      ...(['P1', 'P2', 'P4'] as PatchId[]).map((patch) => ({ patch, n: 0, seconds: DURATION[patch] })),
      ...(opts.quick ? [64, 256] : P3_TABLE_N).map((n) => ({ patch: 'P3' as PatchId, n, seconds: p3Seconds(n) })),
    ]
    const p3Cache = new Map<string, Runs>()
    for (const req of reqs) {
      log(`rendering ${req.patch}${req.patch === 'P3' ? ` N=${req.n}` : ''} (${req.seconds} s) ×${RUNS + 1} per engine`)
      // An engine already slower than realtime at a smaller N would take minutes per run here.
      const slow = (e: string) => rows.find((r) => r.patch === 'P3' && r.engine === ENGINE_NAMES[e] && r.x_realtime != null && r.x_realtime < SLOW)
      const set = await measureSet(b, engines.filter((e) => req.patch !== 'P3' || !slow(e)), req)
      for (const e of engines) {
        const s = slow(e)
        const runs = set.get(e) ?? { results: [], error: `skipped: N=${s?.n} already ran at ${s?.x_realtime?.toFixed(2)}x realtime` }
        rows.push(toRow(e, req, runs))
        if (req.patch === 'P3') p3Cache.set(`${e}/${req.n}`, runs)
      }
    }
    addRatios(rows)
    log('\n' + renderTable(rows))

    // P3: the largest N at >= 2x realtime, per engine, doubling until an N falls below 2x.
    for (const e of opts.quick ? [] : engines) {
      const entry: MaxNEntry = { engine: ENGINE_NAMES[e], p3_max_n: null, scan: [] }
      for (const n of P3_SCAN_N) {
        const req: RenderRequest = { patch: 'P3', n, seconds: p3Seconds(n) }
        let runs = p3Cache.get(`${e}/${n}`)
        if (!runs) {
          log(`P3 scan: ${e} N=${n}`)
          runs = (await measureSet(b, [e], req)).get(e)!
        }
        const row = toRow(e, req, runs)
        entry.scan.push({ n, x_realtime: row.x_realtime, ...(row.note && row.x_realtime == null ? { note: row.note } : {}) })
        if (row.x_realtime == null) {
          entry.note = `stopped at N=${n}: ${row.note}`
          break
        }
        if (row.x_realtime < 2) break
        entry.p3_max_n = n
      }
      maxN.push(entry)
    }
    log('\n' + maxNTable(maxN))

    // Compile latency: text in, ready to sound. In a page of its own, as the IDE runs in a page of
    // its own: this page's heap now holds what the renders left (libfaust's compiles, P3's patches
    // of up to 16,384 oscillators, every engine's buffers), and V8 collects it while the runs
    // allocate. Timed here, the 200-line compile() and generate() took 6-11 ms in the later runs
    // of one bench run; in a fresh page, 1.7-2.1 and 1.0-1.4 in most runs (bench/PROFILE.md,
    // session 17).
    log('compile latency')
    const latPage = await browser.newPage()
    let lat: CompileLatency
    try {
      latPage.on('pageerror', (e) => log('page error:', e.message))
      await latPage.goto(`${origin}/index.html`)
      await latPage.waitForFunction(() => document.body.dataset.ready === 'true')
      const latBench: Bench = { page: latPage, info: (await latPage.evaluate(() => (window as unknown as { tapBench: TapBench }).tapBench.init())) as InitInfo }
      lat = (await call(latBench, 'compileLatency', RUNS + 1)) as CompileLatency
    } finally {
      await latPage.close()
    }
    for (const [key, runs] of Object.entries(lat)) {
      const [engine, ...what] = key.split(' ')
      compiles.push(compileEntry(engine === 'ours' ? OURS : engine, what.join(' '), runs.slice(1)))
    }
    if (!compiles.some((c) => c.engine === OURS)) compiles.push(compileEntry(OURS, `P1 / 200-line ${READY}`, []))
    log('\n' + compileTable(compiles))

    // The real IDE page: keystroke to sound, and what 40 live taps cost.
    if (appBuilt) {
      extras.push({ measure: 'IDE: keystroke to sound, 40 taps', value: null, unit: 'ms', note: `not measured: the app did not build: ${appBuilt}` })
    } else {
      if (!opts.quick) {
        log('IDE keystroke to sound')
        extras.push(...(await measureIdeLatency(browser, origin)))
        log('IDE warm-up')
        extras.push(...(await measureWarmup(browser, origin)))
      }
      log('IDE with 40 taps')
      extras.push(...(await measureTapCost(browser, origin, opts.quick ? 1 : undefined)))
    }
    // The floor under every worklet engine's render speed: a node that does nothing.
    log('an idle worklet node')
    try {
      const ms = ((await call(b, 'idleWorklet', DURATION.P2, RUNS + 1)) as number[]).slice(1)
      const m = median(ms)
      extras.push({
        measure: 'An idle worklet node in an OfflineAudioContext (process() does nothing; stereo out)',
        value: (DURATION.P2 * 1000) / m,
        unit: 'x realtime',
        note: `${((m * 1000 * 128) / (DURATION.P2 * 48000)).toFixed(1)} µs per 128-frame block before any DSP: the most any worklet engine (this project, Faust) can reach; runs ${ms.map((x) => ((DURATION.P2 * 1000) / x).toFixed(0)).join(' ')}x`,
      })
    } catch (e) {
      extras.push({ measure: 'An idle worklet node in an OfflineAudioContext', value: null, unit: 'x realtime', note: `not measured: ${String(e).split('\n')[0].slice(0, 200)}` })
    }
    // How clean each engine's saw is: P1's ratios compare saws of different quality.
    log("each engine's saw alone: its alias level")
    try {
      const alias = (await call(b, 'sawAlias')) as SawAlias[]
      const db = (engine: string, f: number) => {
        const a = alias.find((x) => x.engine === engine && x.f === f)
        return a?.db == null ? `not measured (${a?.error ?? 'no result'})` : `${a.db.toFixed(1)} dB`
      }
      for (const f of [...new Set(alias.map((a) => a.f))]) {
        const ours = alias.find((a) => a.engine === 'ours' && a.f === f)?.db ?? null
        extras.push({
          measure: `Saw at ${f} Hz, alone: its strongest component off the harmonics, against the fundamental (this project)`,
          value: ours,
          unit: 'dB',
          note: `Faust's os.sawtooth ${db('faust', f)}; native (the PeriodicWave P1 uses) ${db('native', f)}; lower is cleaner: a saw's aliases, and its interpolation's error; ${ALIAS_N} samples, Blackman-Harris window`,
        })
      }
    } catch (e) {
      extras.push({ measure: 'Saw alone: alias level', value: null, unit: 'dB', note: `not measured: ${String(e).split('\n')[0].slice(0, 200)}` })
    }
    // The two DSPs without the worklet and the render thread around them: this project's engine and
    // Faust's offline processor (the wasm its node runs) on the page's main thread, interleaved.
    // The render ratios above move 20% from run to run on this machine; these hold within a few.
    log('DSP alone on the main thread: this project and Faust')
    // (`--quick` leaves P3 out: libfaust takes tens of seconds to compile it at N = 1024.)
    const dspPatches = [['P1', 0], ['P2', 0], ['P4', 0], ...(opts.quick ? [] : [['P3', 1024]])] as [PatchId, number][]
    for (const [id, n] of dspPatches) {
      const what = `${id}${n ? ` N=${n}` : ''}: DSP per 128-frame block on the page's main thread, no worklet (this project)`
      try {
        const r = await call(b, 'dspCost', id, n, id === 'P3' ? 200 : 2000, 20)
        const ours = Math.min(...r.ours), faust = Math.min(...r.faust)
        extras.push({ measure: what, value: ours, unit: 'µs', note: `Faust's offline processor ${faust.toFixed(2)} µs: Faust takes ${(faust / ours).toFixed(2)}x this project's time; least of 20 interleaved rounds; RMS over the next second ${r.rms.ours.toFixed(4)} (this project), ${r.rms.faust.toFixed(4)} (Faust)` })
      } catch (e) {
        extras.push({ measure: what, value: null, unit: 'µs', note: `not measured: ${String(e).split('\n')[0].slice(0, 200)}` })
      }
    }
    // The engine's side of 40 taps, timed in the worklet scope.
    log('40 taps: engine time per block')
    try {
      const cost = (await call(b, 'tapCost', RUNS + 1, TAPS)) as TapCost
      extras.push(...tapEngineRows(cost.off.slice(1), cost.on.slice(1), 'Chromium, worklet scope', `${cost.clock}; 1 s warm-up then 2 s timed per run, median of ${RUNS}`))
    } catch (e) {
      extras.push({ measure: `${TAPS}-node patch: engine time per block with and without taps`, value: null, unit: 'µs', note: `not measured: ${String(e).split('\n')[0].slice(0, 200)}` })
    }
    log('\n' + extraTable(extras))
  } finally {
    await browser.close()
    server.close()
  }

  // Hot reload of P1 while it plays: the swapping block against the render budget. It needs a
  // clock finer than the worklet offers (Date.now, or Temporal.Now in 0.1 ms steps) for single
  // blocks, so it runs the same engine code in Node; so does the garbage count (the worklet scope
  // has no heap figures).
  if (!opts.quick) {
    log('hot reload, garbage per block and a first patch (Node)')
    const { allocationRows, hotReload, parseRows, startRows } = await import('./node.ts')
    const { warmScope } = await import('../worklet/engine/warmup.ts')
    warmScope(48000) // as the worklet does when it starts
    extras.push(...hotReload(RUNS), ...(await allocationRows()), ...startRows(RUNS), ...parseRows(RUNS))
  }

  // What the RMS should be, from a plain sample-by-sample model (after the browser: it takes CPU),
  // and every engine's RMS checked against it.
  log('reference RMS')
  addReferenceRows(rows)
  const rmsBad = checkRms(rows)
  for (const line of rmsBad) log(`RMS MISMATCH: ${line}`)

  const minutes = ((Date.now() - started) / 60000).toFixed(1)
  const machine =
    `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM ` +
    `(${(freemem() / 2 ** 30).toFixed(1)} GiB free), load average ${load.toFixed(2)} at start; ` +
    `Node ${process.version}; Chromium ${browserVersion} (headless, ${CHROMIUM})`
  const md = [
    '# Side-by-side benchmark (issue 7)',
    '',
    `Run: \`npm run bench\`, ${new Date().toISOString()}, ${minutes} min. Machine: ${machine}.`,
    '',
    'Protocol: every engine renders the same patch in a fresh `OfflineAudioContext` at 48 kHz in one',
    'Chromium process; x realtime = rendered seconds / wall seconds of `startRendering()`, median of',
    `${RUNS} runs after one warm-up, engines interleaved run by run, each from a collected heap (gc()); "warm half" times the second half`,
    'only (from a suspend at the midpoint). RMS is of the left channel over the whole render.',
    `P1, P2, P4 render ${DURATION.P1} s; P3 renders ${P3_SCAN_SECONDS} s (1 s from N = 1024 on). The ratio is peer speed / ours.\nAbsolute speeds move with the machine's load (six agents share its 2 cores); compare within a run.`,
    '',
    renderTable(rows),
    '',
    rmsSummary(rows, rmsBad),
    '',
    maxNTable(maxN),
    '',
    `Compile latency, median of ${RUNS} after a warm-up, in a fresh page (as the IDE has its own) with a realtime context, the compiler warmed as the IDE warms it: "text to`,
    "ready to sound\" is `compile()` and `generate()` on the page's main thread (as the IDE does for a new shape) + a fresh engine's",
    "`load()` of that code + its first block, both timed in the page's AudioWorkletGlobalScope (the message between the threads not",
    "counted); \"IDE path\" times compile, generate, post and the app worklet's 'loaded' reply from the page. \"200-line edit\" is",
    "the same for an edit that changes the patch's shape (one oscillator's wave), parsed as the editor parses it (Lezer reusing",
    "the previous tree around the change) instead of from nothing: what a musician editing a 200-line patch waits for.",
    '',
    compileTable(compiles),
    '',
    'The real IDE page (the app as built, a realtime context), then the engine of the 40-tap patch timed in the worklet scope, then Node.',
    '',
    extraTable(extras),
    '',
    NOTES,
  ].join('\n')
  await writeFile(join(ROOT, 'bench/results.md'), md)
  await writeFile(join(ROOT, 'bench/results.json'), JSON.stringify([...rows, ...compiles, ...maxN, ...extras], null, 2) + '\n')
  console.log(md)
  log(`done in ${minutes} min; wrote bench/results.md and bench/results.json`)
}

const NOTES = `## How each engine builds the patches, and why RMS may differ

- **this project**: the patch text (bench/patches.ts) through \`compile()\` and \`generate()\` on the page,
  posted to the \`tapline\` worklet with its code as the IDE posts a new shape.
- **native**: OscillatorNode, BiquadFilterNode (lowpass Q given in dB: 20·log10(q)), GainNode
  automation for every ADSR (linear segments, release from the level reached), DelayNode with a
  feedback GainNode, a looping buffer of white noise; saws are a PeriodicWave of the rising saw
  2p - 1 without normalisation (Chromium's built-in 'sawtooth' starts half a cycle later and is
  scaled to its Gibbs peak, 0.85 of the level: another patch). P4 runs 16 fixed voices whose
  oscillators are retuned per note (the same slots as Faust's); new nodes per note would restart
  every pair of saws in phase, which is a different sound.
- **Faust**: bench/faust-code.ts, compiled in the page by libfaust (@grame/faustwasm), \`-ftz 2\`, one
  mono AudioWorklet node. P1 is the protocol's program verbatim. P4 runs 16 fixed voices (4 slots
  × 4 chord notes, slot = step mod 4) computed every sample. P3 uses \`par(i, N, os.osc)\`; libfaust's
  compile time grows steeply with N (about 25 s at N = 1024 here) and overflows its stack by 4096.
- **Tone.js**: Tone.Oscillator, Tone.Filter, Tone.AmplitudeEnvelope / FrequencyEnvelope (linear
  curves), Tone.FeedbackDelay, Tone.Noise, rendered by \`Tone.Offline\`. The table times the native
  \`startRendering()\` inside it; the note gives the whole \`Tone.Offline\` (its JS clock and lazy graph
  building included).
- **RMS of this project on P4** differs from the others by about 1.5%: its poly gives a note the
  free voice that slept longest and does not run sleeping voices, so each voice's two saws (f and
  1.5 f) meet each note at other relative phases than in the fixed-slot peers. The fifth keeps this
  small (a near-unison pair would swing the level by up to 1/sqrt 2).
- **This project clips its output to -1..1** (the others do not): P2 is levelled to stay inside.
- Expected RMS differences: saw band-limiting differs (Faust's \`os.sawtooth\` is a 2nd-order PTR
  saw, native and Tone use Chromium's band-limited periodic waves, this project its wavetables),
  noise is random per run, and oscillator start phases differ; all of these move RMS by a few percent
  at most. A larger gap means the patches differ and is a bug to explain.
- **RMS check** (bench/report.ts \`RMS_TOLERANCE\`): every row's RMS is compared with the reference
  model's for its patch; beyond ±3% (P1, P2, P4) or ±1% (P3: the same sines from the same phase)
  its note starts with **RMS MISMATCH** and the line under the table says which rows failed.
`
