import { describe, expect, it } from '@jest/globals';
import {
  chooseProxy,
  describeProxy,
  parseNoProxy,
  parseProxyConfig,
} from '../../src/net/proxy-rules.js';

const PROXY = 'http://proxy.corp:8080';

describe('chooseProxy', () => {
  it.each([
    {
      name: 'proxies an https request through HTTPS_PROXY',
      env: { HTTPS_PROXY: PROXY },
      url: 'https://graph.microsoft.com/v1.0',
      proxy: 'http://proxy.corp:8080/',
    },
    {
      name: 'goes direct without proxy variables',
      env: {},
      url: 'https://graph.microsoft.com/',
      proxy: null,
    },
    {
      name: 'prefers https_proxy over HTTPS_PROXY',
      env: { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' },
      url: 'https://api.github.com/',
      proxy: 'http://lower:1/',
    },
    {
      name: 'uses HTTP_PROXY for http requests only',
      env: { HTTP_PROXY: PROXY },
      url: 'https://api.github.com/',
      proxy: null,
    },
    {
      name: 'proxies an http request through HTTP_PROXY',
      env: { HTTP_PROXY: PROXY },
      url: 'http://ghes.corp/api/v3',
      proxy: 'http://proxy.corp:8080/',
    },
    {
      name: 'accepts a proxy without a scheme',
      env: { HTTPS_PROXY: 'proxy.corp:3128' },
      url: 'https://graph.microsoft.com/',
      proxy: 'http://proxy.corp:3128/',
    },
    {
      name: 'skips a host named in NO_PROXY',
      env: { HTTPS_PROXY: PROXY, NO_PROXY: 'graph.microsoft.com' },
      url: 'https://graph.microsoft.com/',
      proxy: null,
    },
    {
      name: 'skips subdomains of a NO_PROXY host name',
      env: { HTTPS_PROXY: PROXY, NO_PROXY: 'microsoft.com' },
      url: 'https://graph.microsoft.com/',
      proxy: null,
    },
    {
      name: 'does not match a name that only ends with the same letters',
      env: { HTTPS_PROXY: PROXY, NO_PROXY: 'soft.com' },
      url: 'https://graph.microsoft.com/',
      proxy: 'http://proxy.corp:8080/',
    },
    {
      name: 'skips subdomains of a .suffix',
      env: { HTTPS_PROXY: PROXY, NO_PROXY: '.microsoftonline.com' },
      url: 'https://login.microsoftonline.com/',
      proxy: null,
    },
    {
      name: 'proxies the .suffix name itself',
      env: { HTTPS_PROXY: PROXY, NO_PROXY: '.microsoftonline.com' },
      url: 'https://microsoftonline.com/',
      proxy: 'http://proxy.corp:8080/',
    },
    {
      name: 'treats *.suffix like .suffix',
      env: { HTTPS_PROXY: PROXY, NO_PROXY: '*.github.com' },
      url: 'https://api.github.com/',
      proxy: null,
    },
    {
      name: 'skips every host for *',
      env: { HTTPS_PROXY: PROXY, NO_PROXY: '*' },
      url: 'https://api.github.com/',
      proxy: null,
    },
    {
      name: 'matches a host:port entry on that port (443 by default)',
      env: { HTTPS_PROXY: PROXY, NO_PROXY: 'ghes.corp:443' },
      url: 'https://ghes.corp/api/v3',
      proxy: null,
    },
    {
      name: 'proxies a host:port entry on another port',
      env: { HTTPS_PROXY: PROXY, NO_PROXY: 'ghes.corp:8443' },
      url: 'https://ghes.corp/api/v3',
      proxy: 'http://proxy.corp:8080/',
    },
    {
      name: 'reads a list with spaces, in any case',
      env: { HTTPS_PROXY: PROXY, no_proxy: 'example.org, API.GitHub.com' },
      url: 'https://api.github.com/',
      proxy: null,
    },
    {
      name: 'prefers no_proxy over NO_PROXY',
      env: { HTTPS_PROXY: PROXY, no_proxy: 'example.org', NO_PROXY: '*' },
      url: 'https://api.github.com/',
      proxy: 'http://proxy.corp:8080/',
    },
    {
      name: 'proxies loopback hosts too unless NO_PROXY names them',
      env: { HTTPS_PROXY: PROXY },
      url: 'https://127.0.0.1:8443/',
      proxy: 'http://proxy.corp:8080/',
    },
    {
      name: 'skips a bracketed IPv6 entry',
      env: { HTTPS_PROXY: PROXY, NO_PROXY: '[::1]:8443' },
      url: 'https://[::1]:8443/',
      proxy: null,
    },
  ])('$name', ({ env, url, proxy }) => {
    expect(chooseProxy(new URL(url), parseProxyConfig(env))?.href ?? null).toBe(proxy);
  });
});

describe('parseProxyConfig', () => {
  it('ignores empty variables', () => {
    expect(parseProxyConfig({ https_proxy: '', HTTPS_PROXY: ' ', NO_PROXY: '' })).toEqual({
      httpsProxy: null,
      httpProxy: null,
      noProxy: [],
    });
  });

  it.each([
    {
      value: 'http://user:pa ss@bad host:80',
      message: "Invalid HTTPS_PROXY 'http://user:***@bad host:80'",
    },
    { value: 'socks5://proxy.corp:1080', message: 'the proxy must be http:// or https://' },
  ])('refuses $value without showing a password', ({ value, message }) => {
    expect(() => parseProxyConfig({ HTTPS_PROXY: value })).toThrow(message);
  });
});

describe('parseNoProxy and describeProxy', () => {
  it('keeps host, suffix and port apart', () => {
    expect(parseNoProxy('a.example, .b.example, c.example:8443, *')).toEqual([
      { host: 'a.example', subdomainsOnly: false, port: null },
      { host: 'b.example', subdomainsOnly: true, port: null },
      { host: 'c.example', subdomainsOnly: false, port: 8443 },
      { host: '*', subdomainsOnly: false, port: null },
    ]);
  });

  it('names the proxy without its password and the hosts that go direct', () => {
    const config = parseProxyConfig({
      HTTPS_PROXY: 'http://svc:s3cret@proxy.corp:8080',
      NO_PROXY: '.corp,ghes.corp:443',
    });
    expect(describeProxy(config)).toBe(
      'Proxy: https:// through http://svc:***@proxy.corp:8080; direct for .corp, ghes.corp:443.',
    );
    expect(describeProxy(parseProxyConfig({}))).toBeNull();
  });
});
