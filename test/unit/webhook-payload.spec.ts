import { pingPayload, serializePayload } from '../../src/webhooks/webhook-payload.js';

describe('serializePayload', () => {
  it('puts the fields of a change event in the documented order, whatever order they were stored in', () => {
    const stored = {
      data: { name: 'SC 42', id: 'b' },
      type: 'body.created',
      id: 'e',
      actor: 'anonymous',
      sequence: 7,
      occurredAt: '2026-11-22T10:00:00.000Z',
      resourceId: 'b',
      resourceType: 'body',
    };
    expect(serializePayload(stored)).toBe(
      '{"id":"e","sequence":7,"type":"body.created","resourceType":"body","resourceId":"b",' +
        '"occurredAt":"2026-11-22T10:00:00.000Z","actor":"anonymous","data":{"name":"SC 42","id":"b"}}',
    );
  });

  it('keeps unknown fields, after the known ones', () => {
    expect(serializePayload({ extra: 1, type: 'webhook.ping' })).toBe('{"type":"webhook.ping","extra":1}');
  });
});

describe('pingPayload', () => {
  it('names the subscription and the caller', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const sut = pingPayload('w-1', 'admin.one', now);
    expect(sut).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'webhook.ping',
      occurredAt: '2026-11-22T10:00:00.000Z',
      actor: 'admin.one',
      data: { webhookId: 'w-1', message: expect.any(String) },
    });
    expect(pingPayload('w-1', 'a').id).not.toBe(sut.id);
  });
});
