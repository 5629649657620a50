import { toOpenApi31Nullable } from '../../src/openapi/nullable.js';

describe('toOpenApi31Nullable', () => {
  it('turns nullable primitives into type unions', () => {
    expect(toOpenApi31Nullable({ type: 'string', nullable: true, format: 'uuid' })).toEqual({
      type: ['string', 'null'],
      format: 'uuid',
    });
  });
  it('adds null to the enum of a nullable enum', () => {
    expect(toOpenApi31Nullable({ type: 'string', enum: ['a'], nullable: true })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
  });
  it('wraps a nullable reference in anyOf', () => {
    expect(toOpenApi31Nullable({ $ref: '#/x', nullable: true, description: 'd' })).toEqual({
      description: 'd',
      anyOf: [{ $ref: '#/x' }, { type: 'null' }],
    });
  });
  it('walks nested objects and arrays and leaves the rest alone', () => {
    expect(
      toOpenApi31Nullable({ a: [{ type: 'integer', nullable: true }], b: { nullable: false, type: 'string' } }),
    ).toEqual({
      a: [{ type: ['integer', 'null'] }],
      b: { type: 'string' },
    });
  });
});
