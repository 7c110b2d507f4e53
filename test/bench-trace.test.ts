import { describe, expect, it } from 'vitest';
import { taskTimeByThread } from '../bench/cpu-by-thread';
import { frameTimes, scriptRuns } from '../bench/script-time';
import type { TraceEvent } from '../bench/trace-load';

const EXT = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

function script(name: string, script: 'bridge.js' | 'content-scripts/capture.js', frame: string, tid: number, ts: number, tdurMs: number): TraceEvent {
  return { name, ph: 'X', ts, pid: tid, tid, tdur: tdurMs * 1000, dur: tdurMs * 2000, args: { data: { url: `${EXT}/${script}`, frame } } };
}

describe('the extension scripts per frame, from a trace', () => {
  it('tells the first frame on a renderer thread from the frames that find the scripts compiled, in time order', () => {
    const compiled = new Set<string>();
    // The inner frame's events come first in the trace's chunks, but later in time.
    const events = [
      script('EvaluateScript', 'bridge.js', 'inner', 7, 300, 0.5),
      script('EvaluateScript', 'bridge.js', 'top', 7, 100, 3),
      script('EvaluateScript', 'content-scripts/capture.js', 'top', 7, 110, 6),
      script('FunctionCall', 'bridge.js', 'top', 7, 200, 2),
      script('EvaluateScript', 'content-scripts/capture.js', 'inner', 7, 310, 1),
      script('EvaluateScript', 'bridge.js', 'cross-site', 9, 150, 2.5),
      // Not the extension's: left out.
      { ...script('EvaluateScript', 'bridge.js', 'top', 7, 120, 50), args: { data: { url: 'http://127.0.0.1/bridge.js', frame: 'top' } } },
    ];
    const frames = frameTimes(events, compiled);
    expect(frames).toEqual([
      { kind: 'first', evaluate: { 'bridge.js': 3, 'content-scripts/capture.js': 6 }, tasks: 2 },
      { kind: 'first', evaluate: { 'bridge.js': 2.5 }, tasks: 0 },
      { kind: 'later', evaluate: { 'bridge.js': 0.5, 'content-scripts/capture.js': 1 }, tasks: 0 },
    ]);
    // The next load's frame on a thread seen before finds the scripts compiled; a new thread's does not.
    expect(frameTimes([script('EvaluateScript', 'bridge.js', 'top2', 9, 400, 0.4), script('EvaluateScript', 'bridge.js', 'top3', 11, 410, 3)], compiled).map((f) => f.kind)).toEqual(['later', 'first']);
  });
});

describe('the extension scripts per frame, from a trace of the v8 category alone', () => {
  const run = (name: 'v8.compile' | 'v8.run', file: string, tid: number, ts: number, tdurMs: number): TraceEvent => ({ name, ph: 'X', ts, pid: tid, tid, tdur: tdurMs * 1000, dur: tdurMs * 2000, args: { fileName: `${EXT}/${file}` } });

  it("adds each script's compile to its run, and counts a thread's n-th run of a script as its n-th frame's", () => {
    const compiled = new Set<string>();
    const events = [
      // Out of time order, as a trace's chunks may be.
      run('v8.run', 'bridge.js', 7, 400, 0.25),
      run('v8.compile', 'bridge.js', 7, 100, 1),
      run('v8.run', 'bridge.js', 7, 110, 2),
      run('v8.compile', 'content-scripts/capture.js', 7, 120, 3),
      run('v8.run', 'content-scripts/capture.js', 7, 130, 4),
      run('v8.run', 'content-scripts/capture.js', 7, 410, 0.5),
      run('v8.run', 'bridge.js', 9, 150, 2.5),
      // Not the extension's, nor a script's run: left out.
      { ...run('v8.run', 'bridge.js', 7, 140, 50), args: { fileName: 'http://127.0.0.1/bridge.js' } },
      { ...run('v8.run', 'bridge.js', 7, 145, 50), name: 'v8.callFunction' },
    ];
    expect(scriptRuns(events, compiled)).toEqual([
      { kind: 'first', evaluate: { 'bridge.js': 3, 'content-scripts/capture.js': 7 }, tasks: 0 },
      { kind: 'later', evaluate: { 'bridge.js': 0.25, 'content-scripts/capture.js': 0.5 }, tasks: 0 },
      { kind: 'first', evaluate: { 'bridge.js': 2.5 }, tasks: 0 },
    ]);
    // The next load on a thread seen before finds the scripts compiled.
    expect(scriptRuns([run('v8.run', 'bridge.js', 9, 500, 0.3), run('v8.run', 'bridge.js', 11, 510, 3)], compiled).map((f) => f.kind)).toEqual(['later', 'first']);
  });
});

describe('task time by process and thread, from a trace', () => {
  it('sums the thread time of top-level tasks per process kind and thread kind, numbered threads as one', () => {
    const untimed: Omit<TraceEvent, 'ts'>[] = [
      { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: 'Renderer' } },
      { name: 'process_name', ph: 'M', pid: 2, tid: 0, args: { name: 'Renderer' } },
      { name: 'process_name', ph: 'M', pid: 3, tid: 0, args: { name: 'Browser' } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 10, args: { name: 'CrRendererMain' } },
      { name: 'thread_name', ph: 'M', pid: 2, tid: 20, args: { name: 'CrRendererMain' } },
      { name: 'thread_name', ph: 'M', pid: 3, tid: 30, args: { name: 'CompositorTileWorker1' } },
      { name: 'thread_name', ph: 'M', pid: 3, tid: 31, args: { name: 'CompositorTileWorker2' } },
      { name: 'ThreadControllerImpl::RunTask', ph: 'X', pid: 1, tid: 10, tdur: 2000, dur: 5000 },
      { name: 'ThreadControllerImpl::RunTask', ph: 'X', pid: 2, tid: 20, tdur: 1000 },
      // No thread time recorded: its wall time.
      { name: 'ThreadPool_RunTask', ph: 'X', pid: 3, tid: 30, dur: 500 },
      { name: 'ThreadPool_RunTask', ph: 'X', pid: 3, tid: 31, tdur: 250 },
      // Nested or other events are not tasks.
      { name: 'FunctionCall', ph: 'X', pid: 1, tid: 10, tdur: 1500 },
      { name: 'ThreadControllerImpl::RunTask', ph: 'B', pid: 1, tid: 10, tdur: 9000 },
      // A thread the metadata does not name.
      { name: 'ThreadControllerImpl::RunTask', ph: 'X', pid: 4, tid: 40, tdur: 100 },
    ];
    const events: TraceEvent[] = untimed.map((event) => ({ ts: 0, ...event }));
    expect(Object.fromEntries(taskTimeByThread(events))).toEqual({
      'Renderer | CrRendererMain': 3,
      'Browser | CompositorTileWorker': 0.75,
      '? | ?': 0.1,
    });
  });
});
