/**
 * One demo app (`npm start` in browser mode with its embedded demo council)
 * shared by the tests of a spec file: started before the first test, stopped
 * after the last. The tests run in order, in an English locale at 1280×800.
 */
import { test } from '@playwright/test';
import { startBrowserModeApp, type BrowserModeApp } from './browser-mode-app.ts';

/** Call at the top of a spec file; returns a getter for the running app. */
export function useDemoAppPerFile(): () => BrowserModeApp {
  let app: BrowserModeApp | undefined;
  test.describe.configure({ mode: 'serial' });
  test.use({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    app = await startBrowserModeApp();
  });
  test.afterAll(async () => {
    await app?.stop();
  });
  return () => {
    if (!app) throw new Error('the app did not start');
    return app;
  };
}
