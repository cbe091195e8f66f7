import assert from 'node:assert/strict';
import { test } from 'node:test';
import { externalUrlToOpen } from '../../electron/external-links.ts';

test('http, https and mailto links go to the system, normalised', () => {
  assert.equal(externalUrlToOpen('https://www.kent.gov.uk/agenda?id=1'), 'https://www.kent.gov.uk/agenda?id=1');
  assert.equal(externalUrlToOpen('HTTP://Example.org'), 'http://example.org/');
  assert.equal(externalUrlToOpen('mailto:clerk@example.org?subject=Item%204'), 'mailto:clerk@example.org?subject=Item%204');
});

test('every other scheme, relative addresses and disguised links are refused', () => {
  for (const url of [
    'javascript:alert(1)',
    'file:///etc/passwd',
    'app://chamber/index.html',
    'data:text/html,<script>alert(1)</script>',
    'ms-msdt:/id PCWDiagnostic',
    'vbscript:msgbox',
    'smb://server/share',
    '/relative/path',
    'not a url',
    '',
    'https://user:pass@evil.example/',
  ]) {
    assert.equal(externalUrlToOpen(url), null, url);
  }
});
