import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../common/pagination/send-page.js';
import { conditionalRead } from '../common/http/etag.js';
import { writeContext } from '../common/http/write-context.js';
import { ApiProblems } from '../common/problem/problem.dto.js';
import { uuidParam } from '../common/validation/uuid.pipe.js';
import { contactTag } from './contact-view.js';
import { ContactsService } from './contacts.service.js';
import { ContactDetailDto, ContactDto, ContactPageDto } from './dto/contact.dto.js';
import { CreateContactDto } from './dto/create-contact.dto.js';
import { ListContactsQueryDto } from './dto/list-contacts.query.dto.js';
import { UpdateContactDto } from './dto/update-contact.dto.js';
import { AdminOnly } from '../auth/access.decorators.js';

const ID_PARAM = { name: 'id', description: 'Identifier of the contact.', format: 'uuid', type: String } as const;

@ApiTags('contacts')
@Controller('v1/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listContacts',
    summary: 'List contacts',
    description: 'Cursor-paginated; the next page is in `nextCursor` and the `Link` header.',
  })
  @ApiOkResponse({ type: ContactPageDto })
  @ApiProblems(400, 500)
  async list(
    @Query() query: ListContactsQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContactPageDto> {
    return sendPage(request, reply, await this.contacts.list(query), ContactDto.from);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getContact',
    summary: 'Get a contact with the roles they hold',
    description:
      'With every membership the person holds in a body roster. `version` is what `If-Match` takes; the `ETag` ' +
      'revalidates the read (`If-None-Match` answers 304 while it is unchanged).',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ContactDetailDto })
  @ApiProblems(400, 404, 500)
  async get(
    @Param('id', uuidParam()) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContactDetailDto | undefined> {
    return conditionalRead(
      request,
      reply,
      () => this.contacts.currentTag(id),
      async () => {
        const contact = await this.contacts.get(id);
        return { etag: contactTag(contact.version, contact.memberships), body: ContactDetailDto.from(contact) };
      },
    );
  }

  @Post()
  @AdminOnly()
  @ApiOperation({
    operationId: 'createContact',
    summary: 'Create a contact',
    description: 'Refused with 409 (naming the existing contact in `existingId`) when the e-mail address is taken.',
  })
  @ApiBody({ type: CreateContactDto })
  @ApiCreatedResponse({ type: ContactDetailDto, description: 'Created; `Location` names the new contact.' })
  @ApiProblems(400, 409, 413, 415, 500)
  async create(
    @Body() input: CreateContactDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Req() request: FastifyRequest,
  ): Promise<ContactDetailDto> {
    const contact = await this.contacts.create(input, writeContext(request));
    void reply
      .header('location', `/v1/contacts/${contact.id}`)
      .header('etag', contactTag(contact.version, contact.memberships));
    return ContactDetailDto.from(contact);
  }

  @Patch(':id')
  @AdminOnly()
  @ApiOperation({
    operationId: 'updateContact',
    summary: 'Update a contact',
    description: 'Absent fields stay as they are; `null` clears a nullable field.',
  })
  @ApiParam(ID_PARAM)
  @ApiBody({ type: UpdateContactDto })
  @ApiOkResponse({ type: ContactDetailDto })
  @ApiProblems(400, 404, 409, 412, 413, 415, 428, 500)
  async update(
    @Param('id', uuidParam()) id: string,
    @Body() input: UpdateContactDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContactDetailDto> {
    const contact = await this.contacts.update(id, input, writeContext(request, { requireIfMatch: true }));
    void reply.header('etag', contactTag(contact.version, contact.memberships));
    return ContactDetailDto.from(contact);
  }

  @Delete(':id')
  @HttpCode(204)
  @AdminOnly()
  @ApiOperation({
    operationId: 'deleteContact',
    summary: 'Delete a contact',
    description:
      'Refused with 409 while the contact holds roster memberships (current or ended) or is named by a liaison or a liaison statement.',
  })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 404, 409, 412, 428, 500)
  async delete(@Param('id', uuidParam()) id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.contacts.delete(id, writeContext(request, { requireIfMatch: true }));
  }
}
