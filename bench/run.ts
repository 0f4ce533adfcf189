/// `npm run bench`: the side-by-side benchmark in headless Chromium (bench/browser.ts).
/// `npm run bench -- --node`: this project's engine alone, in Node, for quick iteration (bench/node.ts).
/// `--only ours,native` limits the browser run to some engines.

const args = process.argv.slice(2)
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]?.split(',') : undefined

if (args.includes('--node')) {
  const { runNode } = await import('./node.ts')
  await runNode({ quick: args.includes('--quick'), patch: args.includes('--patch') ? args[args.indexOf('--patch') + 1] : undefined, n: args.includes('--n') ? Number(args[args.indexOf('--n') + 1]) : undefined })
} else {
  const { runBrowser } = await import('./browser.ts')
  await runBrowser({ only, quick: args.includes('--quick') })
}
export {}
