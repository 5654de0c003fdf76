/**
 * No source file writes markup from a string. Cookie names and values come
 * from any website; everything the pages show is built as DOM nodes (Preact
 * text children), so a hostile name stays text. The one `innerHTML` that
 * ships is Preact's own `dangerouslySetInnerHTML` branch, which scripts/lint.mjs
 * accepts on the promise this test keeps: nothing in src/ reaches it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(root, 'src');
const SCANNED = /\.(ts|tsx|html)$/;

/** Every way of turning a string into markup that the DOM and Preact offer. */
const FORBIDDEN = /\b(innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML)\b|\bdocument\s*\.\s*write(ln)?\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return SCANNED.test(e.name) ? [path] : [];
  });
}

/** offenders('src') -> ["src/popup/row.tsx:12: el.innerHTML = name"] */
function offenders(files: readonly string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (FORBIDDEN.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('markup from strings', () => {
  it.each([
    'el.innerHTML = name',
    'el.outerHTML = name',
    "el.insertAdjacentHTML('beforeend', name)",
    'document.write(name)',
    'document .writeln(name)',
    '<div dangerouslySetInnerHTML={{ __html: name }} />',
  ])('the check catches %s', (line) => {
    expect(FORBIDDEN.test(line)).toBe(true);
  });

  it.each(['el.textContent = name', 'const html = 1', 'writeRecords(put)', 'document.title = name'])('the check lets %s pass', (line) => {
    expect(FORBIDDEN.test(line)).toBe(false);
  });

  it('is used nowhere in src/ (ts, tsx, html)', () => {
    const files = sourceFiles(SRC);
    // The scan must see the pages and their markup, or it proves nothing.
    expect(files.some((f) => f.endsWith('.tsx'))).toBe(true);
    expect(files.some((f) => f.endsWith('.html'))).toBe(true);
    expect(offenders(files)).toEqual([]);
  });
});
