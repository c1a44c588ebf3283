import { render } from 'preact';
import { PanelApp } from '../../components/PanelApp';
import '../../components/ui.css';

render(<PanelApp />, document.getElementById('app')!);
