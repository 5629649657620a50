import { concernedBodies } from '../../src/changes/concerned-bodies.js';

describe('concernedBodies', () => {
  it('names a body and its parent (what is left to match once the body is deleted)', () => {
    expect(concernedBodies.body({ id: 'wg', parentId: 'sc' })).toEqual(['wg', 'sc']);
    expect(concernedBodies.body({ id: 'iso', parentId: null })).toEqual(['iso']);
  });

  it('names both sides of a liaison', () => {
    expect(concernedBodies.liaison({ committeeId: 'sc', partnerId: 'tc' })).toEqual(['sc', 'tc']);
  });

  it('names the body of a work item and of a roster entry', () => {
    expect(concernedBodies.workItem({ bodyId: 'wg' })).toEqual(['wg']);
    expect(concernedBodies.membership({ bodyId: 'wg' })).toEqual(['wg']);
  });

  it('names the sender and every recipient of a statement, cc included', () => {
    expect(concernedBodies.statement({ fromBodyId: 'sg17', toBodyIds: ['tsag'], ccBodyIds: ['sg13', 'sg20'] })).toEqual(
      ['sg17', 'tsag', 'sg13', 'sg20'],
    );
  });
});
