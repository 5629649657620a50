/** Every migration, oldest first. Append-only: add new files, never edit a shipped one. */
import { CreateBodies1763800000000 } from './1763800000000-CreateBodies.js';
import { CreateRegistry1763800100000 } from './1763800100000-CreateRegistry.js';
import { LiaisonWorkflow1763800200000 } from './1763800200000-LiaisonWorkflow.js';
import { ChangeFeed1763800500000 } from './1763800500000-ChangeFeed.js';
import { IdempotencyKeys1763800400000 } from './1763800400000-IdempotencyKeys.js';
import { Webhooks1763800600000 } from './1763800600000-Webhooks.js';
import { ChangeBodies1763800700000 } from './1763800700000-ChangeBodies.js';
import { ApiKeys1763800300000 } from './1763800300000-ApiKeys.js';
import { PublishChanges1763800900000 } from './1763800900000-PublishChanges.js';
import { TrigramIndexes1763801000000 } from './1763801000000-TrigramIndexes.js';
import { ProcedureRecord1763801100000 } from './1763801100000-ProcedureRecord.js';
import { IdempotencyApplied1763801200000 } from './1763801200000-IdempotencyApplied.js';
import { StatementDeadlineRule1763801300000 } from './1763801300000-StatementDeadlineRule.js';

export const migrations = [
  CreateBodies1763800000000,
  CreateRegistry1763800100000,
  LiaisonWorkflow1763800200000,
  ApiKeys1763800300000,
  IdempotencyKeys1763800400000,
  ChangeFeed1763800500000,
  Webhooks1763800600000,
  ChangeBodies1763800700000,
  PublishChanges1763800900000,
  TrigramIndexes1763801000000,
  ProcedureRecord1763801100000,
  IdempotencyApplied1763801200000,
  StatementDeadlineRule1763801300000,
];
