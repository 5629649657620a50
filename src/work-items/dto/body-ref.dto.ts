import { ApiProperty } from '@nestjs/swagger';

/** The few fields of a body that other resources embed so a client needs no second request. */
export class BodyRefDto {
  /** Identifier of the body. */
  @ApiProperty({ format: 'uuid', example: '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10' })
  id: string;

  /** Designation as people write it. */
  @ApiProperty({ example: 'ETSI TC MTS' })
  designation: string;

  /** Full name. */
  @ApiProperty({ example: 'Methods for Testing and Specification' })
  name: string;

  static from(ref: { id: string; designation: string; name: string }): BodyRefDto {
    const dto = new BodyRefDto();
    dto.id = ref.id;
    dto.designation = ref.designation;
    dto.name = ref.name;
    return dto;
  }
}
