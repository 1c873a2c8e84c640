import type { SessionSummary } from '../../store/ports.js';
import { PAGE_ROWS, type SheetContext } from '../export-sheet.js';

/** The sessions started in the export's range, oldest first, a page at a time. */
export async function* startedSessions(context: SheetContext): AsyncGenerator<SessionSummary[]> {
  const { store, from, to, signal } = context;
  let after: { started_at: number; id: number } | undefined;
  for (;;) {
    signal.throwIfAborted();
    const page = await store.listStartedSessions({ from, to, limit: PAGE_ROWS, ...(after ? { after } : {}) });
    if (page.length > 0) yield page;
    if (page.length < PAGE_ROWS) return;
    const last = page.at(-1)!;
    after = { started_at: last.started_at, id: last.id };
  }
}
