import { render } from 'preact';
import { PanelApp } from '../../components/PanelApp';
import '../../components/ui.css';
import { loadDueParser } from '../../lib/due-dates';

render(<PanelApp />, document.getElementById('app')!);
// Quick capture's date parser arrives right after the panel is interactive.
void loadDueParser();
