import { render } from 'preact';
import { followDevtoolsTheme } from '../../components/devtools-theme';
import { Panel } from '../../components/Panel';
import { inspectedTabId } from '../../components/tab-id';
import '../../components/styles.css';

followDevtoolsTheme(document.documentElement);
render(<Panel tabId={inspectedTabId()} />, document.getElementById('app')!);
