/**
 * Runs `run` on a task of its own, soon after this one: on a message to ourselves rather than a
 * timer. Firefox holds a page's timers while it loads, until it is idle or loaded, for up to
 * 10 s (dom.timeout.defer_during_load, dom.timeout.max_idle_defer_ms); what starts on a timer
 * there would miss a page left before that, and Resource Timing entries past its buffer's 250.
 */
export function onNextTask(run: () => void): void {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = () => {
    port1.close();
    run();
  };
  port2.postMessage(undefined);
}
