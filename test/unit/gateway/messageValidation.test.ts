import assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import type { WsApi } from '../../../core/src';
import type { Side } from '../../../gateway/src/closeCodes';
import { ApiValidators } from '../../../gateway/src/messageValidation';
import { loadApiProjects } from '../../../gateway/src/projectLoader';
import { REPO_ROOT } from '../../support/paths';

const PROJECTS = join(REPO_ROOT, 'test', 'fixtures', 'projects');

function loadApi(folder: string): WsApi {
  const [served] = loadApiProjects([join(PROJECTS, folder)]).apis;
  assert.ok(served, `${folder} loads`);
  return served.api;
}

interface Case {
  readonly name: string;
  readonly topic: string;
  readonly from: Side;
  readonly payload: string;
  readonly binary?: boolean;
  /** 'valid:<message>', 'unchecked', or a pattern the problem must match. */
  readonly expected: string | RegExp;
}

function run(api: WsApi, cases: readonly Case[]): void {
  const validators = new ApiValidators(api);
  assert.deepEqual(validators.problems, []);
  for (const entry of cases) {
    test(entry.name, () => {
      const topic = api.topics.find((candidate) => candidate.name === entry.topic);
      assert.ok(topic, entry.topic);
      const check = validators
        .validatorFor(topic)
        ?.check(entry.from, Buffer.from(entry.payload), entry.binary === true) ?? { result: 'unchecked' };
      if (entry.expected instanceof RegExp) {
        assert.equal(check.result, 'invalid');
        assert.match(check.result === 'invalid' ? check.problem : '', entry.expected);
      } else {
        const seen = check.result === 'valid' ? `valid:${check.message ?? ''}` : check.result;
        assert.equal(seen, entry.expected);
      }
    });
  }
}

suite('message validation: AsyncAPI 2 (publish, subscribe oneOf, $ref to components.schemas)', () => {
  const api = loadApi('validated');
  run(api, [
    {
      name: 'a client frame matching the PUBLISH message',
      topic: '/orders',
      from: 'client',
      payload: '{"symbol":"ACME","quantity":3,"contact":"a@b.io"}',
      expected: 'valid:PlaceOrder',
    },
    {
      name: 'a missing required property, with the schema path inside components.schemas',
      topic: '/orders',
      from: 'client',
      payload: '{"symbol":"ACME"}',
      expected:
        /^PlaceOrder: the payload must have required property 'quantity' \(schema #\/components\/schemas\/Order\/required\)$/,
    },
    {
      name: 'a wrong property type names the property',
      topic: '/orders',
      from: 'client',
      payload: '{"symbol":"ACME","quantity":"three"}',
      expected:
        /^PlaceOrder: \/quantity must be integer \(schema #\/components\/schemas\/Order\/properties\/quantity\/type\)$/,
    },
    {
      name: 'formats are checked (ajv-formats)',
      topic: '/orders',
      from: 'client',
      payload: '{"symbol":"ACME","quantity":1,"contact":"nobody"}',
      expected: /\/contact must match format "email"/,
    },
    {
      name: 'a frame that is not JSON says so',
      topic: '/orders',
      from: 'client',
      payload: 'buy ACME',
      expected: /^not JSON; PlaceOrder: the payload must be object/,
    },
    {
      name: 'a backend frame matching the second oneOf alternative',
      topic: '/orders',
      from: 'backend',
      payload: '{"accepted":false,"reason":"market closed"}',
      expected: 'valid:OrderRejected',
    },
    {
      name: 'a backend frame matching no alternative names them all',
      topic: '/orders',
      from: 'backend',
      payload: '{"accepted":"maybe"}',
      expected:
        /^matches none of OrderAccepted, OrderRejected; OrderAccepted: \/accepted must be equal to constant/,
    },
    {
      name: 'the PUBLISH schema is not used for backend frames',
      topic: '/orders',
      from: 'backend',
      payload: '{"symbol":"ACME","quantity":3}',
      expected: /matches none of OrderAccepted, OrderRejected/,
    },
    {
      name: 'binary frames are not checked',
      topic: '/orders',
      from: 'client',
      payload: 'not json at all',
      binary: true,
      expected: 'unchecked',
    },
    {
      name: 'a topic without message schemas is not checked',
      topic: '/free',
      from: 'client',
      payload: 'anything',
      expected: 'unchecked',
    },
  ]);
});

suite('message validation: AsyncAPI 3 (operation messages, multi-format payloads)', () => {
  const api = loadApi('validated-v3');
  run(api, [
    {
      name: 'send: a schemaFormat + schema payload is used',
      topic: '/quotes/{symbol}',
      from: 'client',
      payload: '{"watch":true}',
      expected: 'valid:Watch',
    },
    {
      name: 'send: a violation points into the multi-format schema',
      topic: '/quotes/{symbol}',
      from: 'client',
      payload: '{"watch":"yes"}',
      expected:
        /^Watch: \/watch must be boolean \(schema #\/channels\/quotes\/messages\/Watch\/payload\/schema\/properties\/watch\/type\)$/,
    },
    {
      name: 'receive: the JSON Schema message is checked, the Avro one left out',
      topic: '/quotes/{symbol}',
      from: 'backend',
      payload: '{"symbol":"ACME","price":0}',
      expected: /^Quote: \/price must be > 0/,
    },
    {
      name: 'receive: a valid quote',
      topic: '/quotes/{symbol}',
      from: 'backend',
      payload: '{"symbol":"ACME","price":12.5}',
      expected: 'valid:Quote',
    },
  ]);
});

suite('message validation: schemas that cannot be used', () => {
  test('an unresolvable $ref is reported and only its message goes unchecked', () => {
    const api = loadApi('validated');
    const components = api.definitionRoot?.components as Record<string, unknown>;
    const broken: WsApi = {
      ...api,
      definitionRoot: {
        ...api.definitionRoot,
        components: { ...components, schemas: { Order: { $ref: '#/components/schemas/Gone' } } },
      },
    };
    const validators = new ApiValidators(broken);
    assert.equal(validators.problems.length, 1);
    assert.match(
      validators.problems[0] ?? '',
      /^Trades 1\.0\.0, topic \/orders: the payload schema at #\/components\/schemas\/Order cannot be used, its messages are not checked: .*Gone/,
    );
    const orders = broken.topics.find((topic) => topic.name === '/orders');
    assert.ok(orders);
    const validator = validators.validatorFor(orders);
    assert.deepEqual(validator?.check('client', Buffer.from('{}'), false), { result: 'unchecked' });
    assert.equal(validator?.check('backend', Buffer.from('{}'), false).result, 'invalid');
  });
});
