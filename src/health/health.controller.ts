import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { NoRateLimit } from '../auth/access.decorators.js';
import { HealthIndicatorDto, HealthReportDto } from './health.dto.js';

@ApiTags('operations')
@NoRateLimit()
@ApiExtraModels(HealthIndicatorDto)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness probe',
    description: 'The process is up and serving HTTP; does not touch the database.',
  })
  // Terminus documents inline, unnamed schemas; the named DTOs below say the same thing.
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthReportDto, description: 'The process is alive.' })
  @ApiProblems(500)
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness probe (checks the database)',
    description:
      'Ready to serve requests: the database answers within 1.5 s. Otherwise 503, a problem document whose ' +
      '`checks` member holds the report of each indicator.',
  })
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthReportDto, description: 'Ready: every indicator is up.' })
  @ApiProblems(500, 503)
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 1_500 })]);
  }
}
