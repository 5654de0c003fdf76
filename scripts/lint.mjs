#!/usr/bin/env node
// Lints the Firefox build with web-ext (Mozilla's add-ons linter). Fails on
// any error or warning except one documented in README.md: Preact's own
// `dangerouslySetInnerHTML` branch, which ships in the bundle although
// nothing in src/ uses it (a test in test/build forbids innerHTML in src/).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import webExt from 'web-ext';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, process.argv[2] ?? 'dist/firefox');

/**
 * Preact's renderer assigns `dom.innerHTML = props.dangerouslySetInnerHTML.__html`; nothing else may.
 * @param {import('web-ext').LintMessage} message
 */
function isPreactInnerHtml(message) {
  if (message.code !== 'UNSAFE_VAR_ASSIGNMENT' || !message.file || !message.line) return false;
  const line = readFileSync(join(sourceDir, message.file), 'utf8').split('\n')[message.line - 1] ?? '';
  const at = line.slice(Math.max(0, (message.column ?? 0) - 80), (message.column ?? 0) + 120);
  return /innerHTML\s*=\s*[\w$]+\.__html|\.__html/.test(at);
}

// web-ext prints its whole JSON report; keep the console to the verdict below.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;
/** @type {import('web-ext').LintResult} */
let result;
try {
  result = await webExt.cmd.lint(
    { sourceDir, output: 'json', selfHosted: false, boring: true, pretty: false, warningsAsErrors: false },
    { shouldExitProgram: false },
  );
} finally {
  process.stdout.write = write;
}
const summary = result.summary ?? {};
const allowed = result.warnings.filter(isPreactInnerHtml);
const problems = [...result.errors, ...result.warnings.filter((w) => !allowed.includes(w))];
for (const m of problems) console.error(`${m._type ?? 'problem'} ${m.code}: ${m.message} (${m.file ?? ''}${m.line ? `:${m.line}` : ''})`);
console.log(
  `web-ext lint ${sourceDir.slice(root.length + 1)}: ${summary.errors ?? 0} errors, ${summary.warnings ?? 0} warnings ` +
    `(${allowed.length} of them Preact's dangerouslySetInnerHTML branch, documented), ${summary.notices ?? 0} notices`,
);
process.exit(problems.length === 0 ? 0 : 1);
