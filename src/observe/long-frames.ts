/**
 * Long animation frames (frames over 50 ms that delay the page's response), with the longest
 * script that ran in them: where it came from, which function, how long. Browsers without the
 * Long Animation Frames API report long tasks instead, without scripts; Firefox has neither.
 */
import { PAGE_LIMITS } from '../protocol/page';
import { truncate } from '../protocol/check';
import type { ObserveContext } from './context';
import { observeTimeline } from './timeline';

interface ScriptTiming {
  duration: number;
  invoker?: string;
  sourceURL?: string;
  sourceFunctionName?: string;
}
interface LongFrame extends PerformanceEntry {
  blockingDuration?: number;
  scripts?: ScriptTiming[];
}

export function observeLongFrames({ emit, signal }: ObserveContext): void {
  const report = (entries: LongFrame[], type: string) => {
    for (const entry of entries) {
      const longest = (entry.scripts ?? []).reduce<ScriptTiming | undefined>((a, b) => (!a || b.duration > a.duration ? b : a), undefined);
      emit({
        type: 'long-frame',
        kind: type === 'longtask' ? 'task' : 'frame',
        start: Math.max(0, entry.startTime),
        end: Math.max(0, entry.startTime + entry.duration),
        blockingDuration: Math.max(0, entry.blockingDuration ?? 0),
        scripts: entry.scripts?.length ?? 0,
        ...(longest
          ? {
              script: {
                duration: Math.max(0, longest.duration),
                invoker: truncate(String(longest.invoker ?? ''), PAGE_LIMITS.short),
                source: truncate(String(longest.sourceURL ?? ''), PAGE_LIMITS.url),
                function: truncate(String(longest.sourceFunctionName ?? ''), PAGE_LIMITS.short),
              },
            }
          : {}),
      });
    }
  };
  observeTimeline(['long-animation-frame', 'longtask'], report, signal);
}
