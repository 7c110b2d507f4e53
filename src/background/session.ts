/**
 * Sessions: one `session.id` shared by every tab, renewed after the user's inactivity timeout and
 * when the browser restarts (it lives in storage.session). The background assigns it to each
 * span as it arrives, as only the background sees every tab.
 */
import { browser } from 'wxt/browser';
import { asHexId, asNumber, asRecord } from '../protocol/check';
import { randomHexId } from '../tracer/ids';

const SESSION_KEY = 'session';
/** Activity is saved at most this often; a restarted worker may see a session up to this much older. */
const SAVE_EVERY_MS = 10_000;

export interface SessionState {
  id: string;
  lastActivity: number;
}

/** The session at `now`: the same one while activity continues, a new one after `timeoutMs` of none. */
export function nextSession(state: SessionState | undefined, now: number, timeoutMs: number, newId: () => string): SessionState {
  if (!state || now - state.lastActivity > timeoutMs) return { id: newId(), lastActivity: now };
  return { id: state.id, lastActivity: Math.max(state.lastActivity, now) };
}

/** A session begun by this activity: the one it follows, when that one timed out in this browser run. */
export interface SessionStart {
  previousId?: string;
  /** When the previous one ended: its last activity plus the timeout (Unix ms). */
  previousEndedAt?: number;
}

/** The session of some activity, and whether the activity began it. */
export interface SessionTouch {
  id: string;
  started?: SessionStart;
}

export class Sessions {
  private state: SessionState | undefined;
  /** A start told to a caller whose spans were not stored: told again to the next. */
  private untold: { id: string; started: SessionStart } | undefined;
  private loaded: Promise<void> | undefined;
  private savedAt = 0;

  /**
   * The session for activity now, creating or renewing it as needed; `started` when this activity
   * began it (one caller sees each start), with the session it follows if that one timed out.
   */
  async touch(timeoutMs: number, now = Date.now()): Promise<SessionTouch> {
    this.loaded ??= this.load();
    await this.loaded;
    const previous = this.state;
    const next = nextSession(previous, now, timeoutMs, () => randomHexId(16));
    const renewed = next.id !== previous?.id;
    this.state = next;
    if (renewed || now - this.savedAt > SAVE_EVERY_MS) {
      this.savedAt = now;
      await browser.storage.session.set({ [SESSION_KEY]: next });
    }
    if (renewed) this.untold = undefined;
    else if (this.untold?.id === next.id) {
      const { started } = this.untold;
      this.untold = undefined;
      return { id: next.id, started };
    } else return { id: next.id };
    return { id: next.id, started: previous ? { previousId: previous.id, previousEndedAt: previous.lastActivity + timeoutMs } : {} };
  }

  /**
   * The caller told of a start by `touch` stored none of its spans (none kept, or the store
   * failed): the next caller in the same session is told instead, so the start is marked once,
   * on spans that are stored. Lost with the worker, as the session's in-memory state is not.
   */
  untaken(touch: SessionTouch): void {
    if (touch.started && touch.id === this.state?.id) this.untold = { id: touch.id, started: touch.started };
  }

  private async load(): Promise<void> {
    const stored = asRecord((await browser.storage.session.get(SESSION_KEY))[SESSION_KEY]);
    const id = asHexId(stored?.id, 32);
    const lastActivity = asNumber(stored?.lastActivity, 0);
    if (id && lastActivity !== undefined) this.state = { id, lastActivity };
  }
}
