import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsUUID } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/decorators.js';
import { LiaisonCategory, LiaisonStatus } from '../liaison-enums.js';
import { LiaisonFieldsDto } from './create-liaison.dto.js';
import { LowercaseUuid } from './liaison-validation.js';

/**
 * Fields to change; absent fields stay as they are, `null` clears a nullable field, and a list sent
 * (`objectives`, `representativeIds`, `workItemIds`) replaces the stored one.
 */
export class UpdateLiaisonDto extends LiaisonFieldsDto {
  /** New committee (must exist and differ from the partner). */
  @ApiProperty({ format: 'uuid', required: false })
  @IsOptionalNotNull()
  @LowercaseUuid()
  @IsUUID('all')
  committeeId?: string;

  /** New partner (must exist and differ from the committee). */
  @ApiProperty({ format: 'uuid', required: false })
  @IsOptionalNotNull()
  @LowercaseUuid()
  @IsUUID('all')
  partnerId?: string;

  @ApiProperty({ enum: LiaisonCategory, enumName: 'LiaisonCategory', required: false })
  @IsOptionalNotNull()
  @IsEnum(LiaisonCategory)
  category?: LiaisonCategory;

  /** Set directly for now; a later lifecycle workflow will own status changes. */
  @ApiProperty({ enum: LiaisonStatus, enumName: 'LiaisonStatus', required: false })
  @IsOptionalNotNull()
  @IsEnum(LiaisonStatus)
  status?: LiaisonStatus;
}
