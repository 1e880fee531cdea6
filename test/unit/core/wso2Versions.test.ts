import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import {
  followedVersion,
  versionDifferences,
  WSO2_VERSIONS,
  wso2Profile,
  wso2VersionOf,
} from '../../../core/src/wso2/wso2Versions';

suite('WSO2 version profiles', () => {
  test('each release line, as data: open topics, API keys, client query, the texts', () => {
    const table = WSO2_VERSIONS.map((version) => {
      const profile = wso2Profile(version);
      return [
        version,
        profile.openTopics,
        profile.apiKeys,
        profile.forwardsClientQuery,
        profile.noMatchingApi('/a/'),
        profile.noCredentialsText.startsWith('No Authorization header,'),
      ];
    });
    const noPath = 'No matching API found to dispatch the request';
    const withPath = 'No matching API was found to dispatch the request for path : /a';
    assert.deepEqual(table, [
      ['4.0', false, false, false, noPath, false],
      ['4.1', false, false, false, noPath, false],
      ['4.2', false, false, false, withPath, false],
      ['4.3', false, true, false, withPath, true],
      ['4.4', false, true, true, withPath, true],
      ['4.5', false, true, true, withPath, true],
      ['4.6', false, true, true, withPath, true],
      ['4.7', true, true, true, withPath, true],
    ]);
  });

  test('one trailing / comes off the path of a 404, as the matching takes it off', () => {
    const newest = wso2Profile();
    assert.equal(
      newest.noMatchingResource('/chats/1.0.0/x//'),
      'No matching resource was found to dispatch the request for path : /chats/1.0.0/x/',
    );
    assert.equal(
      newest.noMatchingResource('/'),
      'No matching resource was found to dispatch the request for path : ',
    );
  });

  const versions: ReadonlyArray<[string, string | undefined]> = [
    ['v4.1.0', '4.1'],
    ['4.2', '4.2'],
    ['4.3.0', '4.3'],
    ['v4.5.0-SNAPSHOT', '4.5'],
    ['v3.2.0', '4.0'],
    ['v4.9.0', '4.7'],
    ['5.0', '4.7'],
    ['latest', undefined],
    ['', undefined],
  ];
  for (const [text, expected] of versions) {
    test(`'${text}' reads as ${expected ?? 'no version'}`, () => {
      assert.equal(wso2VersionOf(text), expected);
    });
  }

  test('an API follows the version given, else its api.yaml, else the newest', () => {
    assert.deepEqual(followedVersion({ wso2Version: 'v4.1.0' }, { version: '4.3', by: '--wso2-version' }), {
      version: '4.3',
      because: '--wso2-version',
    });
    assert.deepEqual(followedVersion({ wso2Version: 'v4.1.0' }, undefined), {
      version: '4.1',
      because: 'api.yaml version v4.1.0',
    });
    assert.deepEqual(followedVersion({}, undefined), {
      version: '4.7',
      because: 'the newest: no api.yaml version',
    });
    assert.deepEqual(followedVersion({ wso2Version: 'next' }, undefined), {
      version: '4.7',
      because: 'the newest: api.yaml version next is unknown',
    });
  });

  test('where the definition suggests otherwise than the version does', () => {
    const api = {
      securityScheme: ['oauth2', 'api_key'],
      topics: [
        { name: '/open', verbs: ['SUBSCRIBE' as const], authType: 'None', examples: [] },
        { name: '/secured', verbs: ['SUBSCRIBE' as const], authType: 'Any', examples: [] },
      ],
    };
    assert.deepEqual(versionDifferences(api, wso2Profile('4.2')), [
      'securityScheme api_key, but WSO2 4.2 takes no API key at the handshake',
      '/open: x-auth-type None, but WSO2 4.2 asks for credentials',
    ]);
    assert.deepEqual(versionDifferences(api, wso2Profile('4.7')), []);
  });
});
