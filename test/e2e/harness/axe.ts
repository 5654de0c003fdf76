/**
 * axe-core inside an extension page. The extension CSP allows no injected
 * <script>, so the library's source is evaluated through the driver's
 * protocol (CDP / WebDriver BiDi), which the page's CSP does not govern.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TabHandle } from './driver';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; fix: string }[];
}

export interface AxeResult {
  violations: AxeViolation[];
  /** Rules axe could not decide (a person has to look), with how many elements each. */
  incomplete: { id: string; nodes: number }[];
}

/** Runs axe-core's default rules (WCAG 2.x A/AA and best practices) over the whole page. */
export async function runAxe(page: TabHandle): Promise<AxeResult> {
  await page.bringToFront();
  // `;0`: the library's last statement is not a value to hand back over the protocol.
  await page.evaluateSource(`${AXE_SOURCE};0`);
  return page.evaluateSource<AxeResult>(`(async () => {
    const result = await axe.run(document, { resultTypes: ['violations', 'incomplete'] });
    const incomplete = result.incomplete.map((v) => ({ id: v.id, nodes: v.nodes.length }));
    const violations = result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' '),
        html: n.html.slice(0, 160),
        fix: (n.failureSummary ?? '').replace(/\\s+/g, ' ').trim(),
      })),
    }));
    return { violations, incomplete };
  })()`);
}

/** One readable block per violation: what, how bad, where, and what would fix it. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact ?? 'no impact given'}): ${v.help} <${v.helpUrl}>\n` +
        v.nodes.map((n) => `    at ${n.target}\n      ${n.html}\n      fix: ${n.fix}`).join('\n'),
    )
    .join('\n');
}
