import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsUUID } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/decorators.js';
import { LiaisonCategory } from '../liaison-enums.js';
import { LiaisonFieldsDto } from './create-liaison.dto.js';
import { LowercaseUuid } from './liaison-validation.js';

/**
 * Fields to change; absent fields stay as they are, `null` clears a nullable field, and a list sent
 * (`objectives`, `representativeIds`, `workItemIds`) replaces the stored one. The status is not edited here:
 * it changes only through `POST /v1/liaisons/{id}/transitions`, which also sets the procedure dates (approvedOn,
 * establishedOn, lastReviewedOn, nextReviewDue): only an admin key may correct those here.
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

  /** Only while the liaison is proposed: the category decides the procedure (409 once it has started). */
  @ApiProperty({ enum: LiaisonCategory, enumName: 'LiaisonCategory', required: false })
  @IsOptionalNotNull()
  @IsEnum(LiaisonCategory)
  category?: LiaisonCategory;
}
