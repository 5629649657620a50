import { Module } from '@nestjs/common';
import { WorkItemHistory } from './work-item-history.js';
import { WorkItemsController } from './work-items.controller.js';
import { WorkItemsService } from './work-items.service.js';

@Module({
  controllers: [WorkItemsController],
  providers: [WorkItemsService, WorkItemHistory],
  exports: [WorkItemsService],
})
export class WorkItemsModule {}
