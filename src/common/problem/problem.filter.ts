import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problem.js';
import { toProblem } from './to-problem.js';

/** Renders every error as application/problem+json and logs the unexpected ones in full. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const instance = request.url.split('?')[0] ?? request.url;
    const problem = toProblem(error, instance);
    if (problem.status >= 500 && problem.status !== 503) {
      this.logger.error({ err: error, requestId: request.id }, 'unexpected error');
    }
    problem.requestId = request.id;
    if (reply.sent) return;
    // Outages are temporary: tell clients when to come back.
    if (problem.status === 503) void reply.header('retry-after', '2');
    if (error instanceof ProblemError) {
      for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
    }
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}
