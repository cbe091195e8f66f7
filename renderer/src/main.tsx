// The design tokens and shared controls come first: every feature's CSS (imported by its entry component) builds on them.
import './styles/base.css';
import './styles/controls.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, NoBridge } from './App.tsx';
import { connectBridge } from './bridge/index.ts';
import { fragmentHasCode } from './bridge/token.ts';
import { applyDocumentLanguage, t } from './i18n/index.ts';

applyDocumentLanguage();
document.title = t('app.name');
const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');
const root = createRoot(rootElement);
// Before anything reads the URL: takes browser mode's one-time code out of the fragment and trades it for the token.
// A new link opened in this tab changes only the fragment; start over so it is traded like the first.
window.addEventListener('hashchange', () => {
  if (fragmentHasCode()) window.location.reload();
});
void connectBridge().then((connection) =>
  root.render(<StrictMode>{connection.bridge ? <App bridge={connection.bridge} /> : <NoBridge linkRefused={connection.linkRefused} />}</StrictMode>),
);
