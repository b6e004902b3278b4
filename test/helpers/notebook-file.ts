/** Builds a minimal nbformat-4 notebook for the tslab kernel from cell sources (for tests). */
export function notebookJson(cells: Array<{ type?: 'code' | 'markdown'; source: string }>): string {
  return `${JSON.stringify(
    {
      cells: cells.map((cell, index) =>
        cell.type === 'markdown'
          ? { cell_type: 'markdown', id: `cell-${index}`, metadata: {}, source: cell.source }
          : { cell_type: 'code', id: `cell-${index}`, metadata: {}, source: cell.source, outputs: [], execution_count: null },
      ),
      metadata: { kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  )}\n`;
}
