import { render } from 'preact';
import { Popup } from '../../components/Popup';
import { currentTabId } from '../../components/tab-id';
import '../../components/styles.css';

void currentTabId().then((tabId) => render(<Popup tabId={tabId} />, document.getElementById('app')!));
