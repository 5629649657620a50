import { Module } from '@nestjs/common';
import { WebhookWorker } from './webhook-worker.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookWorker],
  exports: [WebhookWorker],
})
export class WebhooksModule {}
