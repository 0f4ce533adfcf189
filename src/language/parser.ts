/// The Lezer parser the compiler and its tools parse with: the generated one (grammar/), unless the
/// page has an editor, whose parser (a copy carrying CodeMirror's props, src/editor/language.ts)
/// everything in the page then parses with.
///
/// Why one: V8 optimises Lezer's code for the parser objects it meets. After the IDE's warm-up had
/// parsed with the generated parser, the editor's first dozen edits of the 200-line bench patch took
/// 0.2-4.8 ms each to parse (Lezer's functions deoptimised on the second parser and optimised again),
/// and a whole parse after them 2.1-2.6 ms; with the warm-up on the editor's parser, 0.12-0.48 and
/// 1.45-1.6 ms (Node; bench/parse-cost.ts, "as the IDE").

import type { LRParser } from '@lezer/lr'
import { parser as generated } from '../../grammar/parser.js'

let current: LRParser = generated

/// The parser to parse patch text with.
export function patchParser(): LRParser {
  return current
}

/// Makes `p` the parser every later parse here uses. It must parse as the generated parser does.
export function parseWith(p: LRParser): void {
  current = p
}
