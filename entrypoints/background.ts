import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../src/background';

// An event page in Firefox (MV2), like Chrome's service worker: both may be stopped when idle,
// so both exercise the same restart paths (reconnecting ports, alarms, acknowledged batches).
export default defineBackground({ persistent: false, main: () => startBackground() });
