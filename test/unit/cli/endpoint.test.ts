import { describe, expect, it } from 'vitest';

import { EndpointError, parseClusterEndpoint } from '../../../src/cli/gen';

describe('parseClusterEndpoint', () => {
  it.each([
    ['https://10.5.0.2:6443', '10.5.0.2', 6443, 'https://10.5.0.2:6443'],
    ['https://api.example.com', 'api.example.com', undefined, 'https://api.example.com'],
    ['https://[fd00::1]:6443', 'fd00::1', 6443, 'https://[fd00::1]:6443'],
    ['HTTPS://host:443/', 'host', 443, 'https://host:443/'],
  ])('accepts %s', (input, hostname, port, url) => {
    const ep = parseClusterEndpoint(input);
    expect(ep.hostname).toBe(hostname);
    expect(ep.port).toBe(port);
    expect(ep.url).toBe(url);
  });

  it.each([
    ['10.5.0.2', /no scheme and port specified.*\ntry: "https:\/\/10\.5\.0\.2:6443"/s],
    ['10.5.0.2:6443', /no scheme specified.*\ntry: "https:\/\/10\.5\.0\.2:6443"/s],
    ['http://10.5.0.2:6443', /should have scheme https:\/\/\ntry: "https:\/\/10\.5\.0\.2:6443"/],
    ['tcp://host', /should have scheme https:\/\/\ntry: "https:\/\/host:6443"/],
    ['https://:6443', /hostname must not be blank/],
    ['https://host:65536', /port number must be between 1 and 65535/],
    ['https://host:0', /port number must be between 1 and 65535/],
    ['https://host:abc', /port number must be numeric/],
    ['https://fd00::1:6443', /IPv6 addresses MUST be enclosed by square brackets/],
    ['', /must not be empty/],
  ])('rejects %j', (input, message) => {
    expect(() => parseClusterEndpoint(input)).toThrow(EndpointError);
    expect(() => parseClusterEndpoint(input)).toThrow(message);
  });
});
