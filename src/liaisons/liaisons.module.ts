import { Module } from '@nestjs/common';
import { BodyLiaisonsController } from './body-liaisons.controller.js';
import { LiaisonsController } from './liaisons.controller.js';
import { LiaisonsRepository } from './liaisons.repository.js';
import { LiaisonsService } from './liaisons.service.js';
import { LiaisonWorkflowService } from './liaison-workflow.service.js';

@Module({
  controllers: [LiaisonsController, BodyLiaisonsController],
  providers: [LiaisonsService, LiaisonWorkflowService, LiaisonsRepository],
  exports: [LiaisonsService],
})
export class LiaisonsModule {}
