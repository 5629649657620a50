import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { HttpMetrics } from './metrics.js';
import { Probe } from '../auth/access.decorators.js';

const EXPOSITION_EXAMPLE = [
  '# HELP http_requests_total HTTP requests answered, by method, route and status code.',
  '# TYPE http_requests_total counter',
  'http_requests_total{method="GET",route="/v1/bodies/:id",status="200"} 2',
  '',
].join('\n');

@ApiTags('operations')
@Probe({ usesDatabase: false })
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(HttpMetrics) private readonly metrics: HttpMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Prometheus metrics',
    description:
      'Request counts and latency histograms by method, route pattern and status, plus process metrics, in the ' +
      'Prometheus text exposition format (version 0.0.4).',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format.',
    content: { 'text/plain': { schema: { type: 'string' }, example: EXPOSITION_EXAMPLE } },
  })
  @ApiProblems(500)
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
