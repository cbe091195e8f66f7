// The design tokens and shared controls come first: every feature's CSS (imported by its entry component) builds on them.
import './styles/base.css';
import './styles/controls.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, NoBridge } from './App.tsx';
import { getBridge } from './bridge/index.ts';
import { applyDocumentLanguage, t } from './i18n/index.ts';

applyDocumentLanguage();
document.title = t('app.name');
// Before anything reads the URL: takes the browser-mode token out of the fragment.
const bridge = getBridge();

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');
createRoot(rootElement).render(<StrictMode>{bridge ? <App bridge={bridge} /> : <NoBridge />}</StrictMode>);
