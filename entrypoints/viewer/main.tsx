import { render } from 'preact';
import { Viewer } from '../../components/viewer/Viewer';
import '../../components/styles.css';

render(<Viewer />, document.getElementById('app')!);
