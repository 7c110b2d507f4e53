/** Types of scripts/page-side.mjs. */
export function pageSideSizes(dir: string): { file: string; size: number }[];
