/** One row of a benchmark table, and the table printer. */
export interface Row {
  what: string;
  value: string;
  /** Against the reference in the same table (e.g. OpenTelemetry JS), where there is one. */
  ratio?: string;
  target?: string;
}

export function printTable(title: string, rows: Row[], valueHeader = 'measured'): void {
  const width = Math.max(4, ...rows.map((r) => r.what.length));
  const hasRatio = rows.some((r) => r.ratio);
  console.log(`\n${title}\n`);
  console.log(`| ${'what'.padEnd(width)} | ${valueHeader} |${hasRatio ? ' vs OTel JS |' : ''} target |`);
  console.log(`|${'-'.repeat(width + 2)}|---:|${hasRatio ? '---:|' : ''}---|`);
  for (const row of rows) {
    console.log(`| ${row.what.padEnd(width)} | ${row.value} |${hasRatio ? ` ${row.ratio ?? ''} |` : ''} ${row.target ?? ''} |`);
  }
}
