import { ApiProperty } from '@nestjs/swagger';

/** Outcome of the health check as a whole (a failed check answers 503 with a problem document instead). */
export enum HealthStatus {
  Ok = 'ok',
  Degraded = 'degraded',
}

/** Outcome of one indicator (the database, ...). */
export enum HealthIndicatorStatus {
  Up = 'up',
  Degraded = 'degraded',
  Down = 'down',
}

export class HealthIndicatorDto {
  @ApiProperty({ enum: HealthIndicatorStatus, enumName: 'HealthIndicatorStatus', example: HealthIndicatorStatus.Up })
  status: HealthIndicatorStatus;
}

/** The report of a health probe, as @nestjs/terminus writes it. */
export class HealthReportDto {
  @ApiProperty({ enum: HealthStatus, enumName: 'HealthStatus', example: HealthStatus.Ok })
  status: HealthStatus;

  /** Indicators that are up, by name. */
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' },
    example: { database: { status: 'up' } },
  })
  info: Record<string, HealthIndicatorDto>;

  /** Indicators that are down, by name (empty on success). */
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' },
    example: {},
  })
  error: Record<string, HealthIndicatorDto>;

  /** Every indicator, by name. */
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' },
    example: { database: { status: 'up' } },
  })
  details: Record<string, HealthIndicatorDto>;
}
