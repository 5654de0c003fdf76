export function processesMentioning(needle: string): number[];
export function processesInGroup(pgid: number): number[];
export function groupMentioning(needle: string): number | null;
export function endLeftovers(browser: { pgid: number | null; needle: string }, graceMs: number): Promise<number[]>;
