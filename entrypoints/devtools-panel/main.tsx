import { render } from 'preact';
import { Panel } from '../../components/Panel';
import { inspectedTabId } from '../../components/tab-id';
import '../../components/styles.css';

render(<Panel tabId={inspectedTabId()} />, document.getElementById('app')!);
