import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { Probe } from '../auth/access.decorators.js';
import { HealthIndicatorDto, HealthReportDto } from './health.dto.js';

@ApiTags('operations')
@ApiExtraModels(HealthIndicatorDto)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @Probe({ usesDatabase: false })
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
  @Probe({ usesDatabase: true })
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness probe (checks the database)',
    description:
      'Ready to serve requests: the database answers within 1.5 s. Otherwise 503, a problem document whose ' +
      '`checks` member holds the report of each indicator.',
  })
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthReportDto, description: 'Ready: every indicator is up.' })
  // 503 (not ready) is documented with every operation that needs the database (openapi/cross-cutting.ts).
  @ApiProblems(500)
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 1_500 })]);
  }
}
