import { ProblemError, problems, problemTypeUri } from '../../src/common/problem/problem.js';

describe('problems', () => {
  it('renders RFC 9457 members plus extensions', () => {
    const sut = problems.notFound('body', 'abc');
    expect(sut).toBeInstanceOf(ProblemError);
    expect(sut.toProblem('/v1/bodies/abc')).toEqual({
      type: '/problems/not-found',
      title: 'Resource not found',
      status: 404,
      detail: 'No body with id abc exists.',
      instance: '/v1/bodies/abc',
      resource: 'body',
      id: 'abc',
    });
  });

  it('carries field errors for validation and references', () => {
    expect(problems.validation([{ field: 'name', message: 'required' }]).toProblem()).toMatchObject({
      status: 400,
      type: problemTypeUri('validation-error'),
      errors: [{ field: 'name', message: 'required' }],
    });
    expect(problems.unknownReference('parentId', 'nope').toProblem()).toMatchObject({
      status: 422,
      errors: [{ field: 'parentId', message: 'nope' }],
    });
  });
});
