/**
 * Descriptions of the named enum schemas of the lifecycle. @nestjs/swagger gives an enum schema the description of
 * the first property that names it (whichever DTO it meets first); every property naming these enums passes
 * `enumSchema`, which the later ones apply, so that the schema describes the enum rather than one field.
 */
export const LIAISON_STATUS_SCHEMA = {
  description: 'Where a liaison stands in its procedure. Withdrawn and rejected are final; the transitions move it on.',
};

export const LIAISON_ACTION_SCHEMA = {
  description: 'A step of the liaison procedure, sent to `POST /v1/liaisons/{id}/transitions`.',
};
