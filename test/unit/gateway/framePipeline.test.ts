import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { suite, test } from 'node:test';

import type { ApiTopic, WsApi } from '../../../core/src';
import { FrameFeatures, THROTTLED_TEXT, type FramePipeline } from '../../../gateway/src/framePipeline';
import { GatewayMetrics } from '../../../gateway/src/metrics';
import { loadApiProjects } from '../../../gateway/src/projectLoader';
import { TrafficLog } from '../../../gateway/src/trafficLog';
import { testApi } from '../../support/gatewayHarness';
import { REPO_ROOT } from '../../support/paths';

const plain = testApi('ws://127.0.0.1:1', [{ name: '/feed' }, { name: '/hot' }], {
  name: 'Plain',
  context: '/plain',
}).api;
const [feed, hot] = plain.topics as [ApiTopic, ApiTopic];
const validated = (
  loadApiProjects([join(REPO_ROOT, 'test', 'fixtures', 'projects', 'validated')]).apis[0] ??
  assert.fail('fixture loads')
).api;
const orders = validated.topics.find((topic) => topic.name === '/orders') ?? assert.fail('/orders');
const free = validated.topics.find((topic) => topic.name === '/free') ?? assert.fail('/free');

const THROTTLE_HOT = [{ api: '/plain/1.0.0', topic: '/hot', frames: 2, per: 'day' as const }];

function pipeline(features: FrameFeatures, api: WsApi, topic: ApiTopic): FramePipeline {
  return features.pipelineFor(api, topic, '/path') ?? assert.fail('a pipeline');
}

const text = (value: string): Buffer => Buffer.from(value);

suite('frame pipeline', () => {
  test('needsFrames: only topics with a quota, a schema, or a traffic log', () => {
    const features = new FrameFeatures([plain, validated], {
      metrics: new GatewayMetrics(),
      throttling: THROTTLE_HOT,
    });
    assert.deepEqual(
      [
        features.needsFrames(plain, feed),
        features.needsFrames(plain, hot),
        features.needsFrames(validated, orders),
        features.needsFrames(validated, free),
      ],
      [false, true, true, false],
    );
    assert.equal(features.pipelineFor(plain, feed, '/plain/1.0.0/feed'), undefined);
    const logged = new FrameFeatures([plain], {
      metrics: new GatewayMetrics(),
      log: new TrafficLog(new Writable({ write: (_chunk, _encoding, done) => done() }), false),
    });
    assert.equal(logged.needsFrames(plain, feed), true);
  });

  test('over quota: frames of both directions are dropped with the 4003 text', () => {
    const metrics = new GatewayMetrics([plain]);
    const connection = pipeline(
      new FrameFeatures([plain], { metrics, throttling: THROTTLE_HOT }),
      plain,
      hot,
    );
    assert.deepEqual(
      [
        connection.frame('client', text('1'), false),
        connection.frame('backend', text('2'), false),
        connection.frame('backend', text('3'), false),
        connection.frame('client', text('4'), true),
      ],
      [
        { action: 'pass' },
        { action: 'pass' },
        { action: 'drop', notice: 'Error code: 4003 reason: Websocket frame throttled out' },
        { action: 'drop', notice: THROTTLED_TEXT },
      ],
    );
    const counters = metrics.of(plain, hot);
    assert.deepEqual([counters.frames, counters.errors.throttled], [{ client: 2, backend: 2 }, 2]);
  });

  test('an invalid frame is reported and relayed; with strict it is dropped with a 4005 text', () => {
    const reports: string[] = [];
    const lenient = pipeline(
      new FrameFeatures([validated], { metrics: new GatewayMetrics(), report: (line) => reports.push(line) }),
      validated,
      orders,
    );
    assert.deepEqual(lenient.frame('client', text('{"symbol":"ACME"}'), false), { action: 'pass' });
    assert.deepEqual(reports, [
      "invalid message from the client on Trades 1.0.0 /orders (connection 1): PlaceOrder: the payload must have required property 'quantity' (schema #/components/schemas/Order/required)",
    ]);
    const metrics = new GatewayMetrics();
    const strict = pipeline(new FrameFeatures([validated], { metrics, strict: true }), validated, orders);
    assert.deepEqual(strict.frame('client', text('{"symbol":"ACME"}'), false), {
      action: 'drop',
      notice:
        "Error code: 4005 reason: Invalid message: PlaceOrder: the payload must have required property 'quantity' (schema #/components/schemas/Order/required)",
    });
    assert.deepEqual(strict.frame('backend', text('{}'), false), {
      action: 'drop',
      notice:
        "Error code: 4005 reason: Invalid message from the backend: matches none of OrderAccepted, OrderRejected; OrderAccepted: the payload must have required property 'accepted' (schema #/components/messages/OrderAccepted/payload/required)",
    });
    assert.deepEqual(strict.frame('client', text('{"symbol":"ACME","quantity":1}'), false), {
      action: 'pass',
    });
    assert.equal(metrics.of(validated, orders).errors.invalid, 2);
  });

  test('a backend lost mid-session counts as a backend failure', () => {
    const metrics = new GatewayMetrics();
    const features = new FrameFeatures([plain], { metrics, throttling: THROTTLE_HOT });
    pipeline(features, plain, hot).closed('backend', 1006);
    pipeline(features, plain, hot).closed('backend', 1000);
    pipeline(features, plain, hot).closed('client', 1006);
    assert.equal(metrics.of(plain, hot).errors.backend, 1);
  });
});
