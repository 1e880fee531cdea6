import assert from 'node:assert/strict';
import { after, before, suite, test } from 'node:test';
import WebSocket from 'ws';

import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import {
  backendReceived,
  fixtureApi,
  nextMessage,
  openClient,
  startTestBackend,
  type TestBackend,
} from '../support/gatewayHarness';

const VALID_ORDER = '{"symbol":"ACME","quantity":2}';
const MISSING_QUANTITY = '{"symbol":"ACME"}';
const MISSING_QUANTITY_PROBLEM =
  "PlaceOrder: the payload must have required property 'quantity' (schema #/components/schemas/Order/required)";

suite('gateway: message validation', () => {
  let backend: TestBackend;
  let lenient: Gateway;
  let strict: Gateway;
  const reports: string[] = [];

  before(async () => {
    backend = await startTestBackend();
    // Trades: AsyncAPI 2, PlaceOrder / OrderAccepted | OrderRejected.
    const apis = [fixtureApi('validated', backend.endpoint)];
    lenient = await startGateway({ host: '127.0.0.1', port: 0, apis, report: (line) => reports.push(line) });
    strict = await startGateway({ host: '127.0.0.1', port: 0, apis, strict: true });
  });

  after(async () => {
    await lenient.close();
    await strict.close();
    await backend.close();
  });

  test('without --strict an invalid frame is relayed and reported with its schema path', async () => {
    const client = await openClient(`${lenient.url}/trades/1.0.0/orders`);
    const server = await backend.nextConnection();
    client.send(MISSING_QUANTITY);
    client.send(VALID_ORDER);
    assert.deepEqual(await backendReceived(server, 2), [MISSING_QUANTITY, VALID_ORDER]);
    assert.equal(reports.length, 1);
    assert.match(
      reports[0] ?? '',
      /^invalid message from the client on Trades 1\.0\.0 \/orders \(connection \d+\): /,
    );
    assert.ok(reports[0]?.endsWith(MISSING_QUANTITY_PROBLEM), reports[0]);
    client.close();
  });

  test('with --strict an invalid client frame is dropped with a 4005 text; the client stays connected', async () => {
    const client = await openClient(`${strict.url}/trades/1.0.0/orders`);
    const server = await backend.nextConnection();
    client.send(MISSING_QUANTITY);
    assert.deepEqual(await nextMessage(client), {
      data: `Error code: 4005 reason: Invalid message: ${MISSING_QUANTITY_PROBLEM}`,
      isBinary: false,
    });
    client.send(VALID_ORDER);
    assert.deepEqual(await backendReceived(server, 1), [VALID_ORDER]);
    assert.equal(client.readyState, WebSocket.OPEN);
    client.close();
  });

  test('with --strict an invalid backend frame does not reach the client; valid ones do', async () => {
    const client = await openClient(`${strict.url}/trades/1.0.0/orders`);
    const server = await backend.nextConnection();
    server.socket.send('{"accepted":"maybe"}');
    const notice = await nextMessage(client);
    assert.match(
      notice.data,
      /^Error code: 4005 reason: Invalid message from the backend: matches none of OrderAccepted, OrderRejected; OrderAccepted: \/accepted must be equal to constant \(schema #\/components\/messages\/OrderAccepted\/payload\/properties\/accepted\/const\)$/,
    );
    server.socket.send('{"accepted":false,"reason":"closed"}');
    assert.equal((await nextMessage(client)).data, '{"accepted":false,"reason":"closed"}');
    client.close();
  });

  test('a topic without message schemas is relayed as it is, even with --strict', async () => {
    const client = await openClient(`${strict.url}/trades/1.0.0/free`);
    const server = await backend.nextConnection();
    client.send('not json');
    assert.deepEqual(await backendReceived(server, 1), ['not json']);
    client.close();
  });
});
