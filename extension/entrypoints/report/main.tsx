import { render } from 'preact';
import { ReportPage } from '../../components/ReportPage';
import '../../components/ui.css';
import './report.css';

render(<ReportPage clientId={new URLSearchParams(location.search).get('client') ?? ''} />, document.getElementById('app')!);
