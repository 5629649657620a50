import { Module } from '@nestjs/common';
import { ContactsController } from './contacts.controller.js';
import { ContactsService } from './contacts.service.js';
import { RosterController } from './roster.controller.js';
import { RosterService } from './roster.service.js';

@Module({
  controllers: [ContactsController, RosterController],
  providers: [ContactsService, RosterService],
  exports: [ContactsService, RosterService],
})
export class ContactsModule {}
