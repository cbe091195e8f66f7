/**
 * Which server addresses the host refuses as plain HTTP to another computer
 * (electron/host/accounts/plain-http.ts). Over real processes the refusal is
 * tested in tests/integration/host-insecure-http.test.ts; here the
 * classification of each kind of address, which no test may connect to.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoopbackHostname, isRefusedPlainHttp } from '../../electron/host/accounts/plain-http.ts';

test('loopback: 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost, however the URL spells them', () => {
  for (const address of ['http://127.0.0.1:8080', 'http://127.1.2.3', 'http://LOCALHOST:1', 'http://[::1]:80', 'http://[::ffff:127.0.0.1]', 'http://2130706433/']) {
    assert.equal(isLoopbackHostname(new URL(address).hostname), true, address);
    assert.equal(isRefusedPlainHttp(address, false), false, address);
  }
});

test('plain HTTP to anything else is refused unless allowed; https never is', () => {
  for (const address of [
    'http://192.0.2.1',
    'http://10.0.0.5:8080',
    'http://0.0.0.0',
    'http://chamber.example-council.gov',
    'http://localhost.evil.example',
    'http://127.0.0.1.nip.io',
    'http://[fd00::2]',
    'http://[::ffff:c000:201]',
  ]) {
    assert.equal(isRefusedPlainHttp(address, false), true, address);
    assert.equal(isRefusedPlainHttp(address, true), false, `${address} when allowed`);
    assert.equal(isRefusedPlainHttp(address.replace(/^http:/, 'https:'), false), false, `${address} over https`);
  }
});
