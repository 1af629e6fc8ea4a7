import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { eventCatalogue } from '../../../../libs/event-store/src/event-catalogue.js';
import { Public } from '../http/auth.guard.js';

/** The event catalogue (design.md §6) for whoever integrates with the streams; it describes contracts, not data, so it needs no token. */
@ApiTags('event catalogue')
@Controller()
export class CatalogueController {
  @Public()
  @Get('asyncapi.json')
  @ApiOperation({ summary: 'Every event type as AsyncAPI 3.0: a channel per stream category, the JSON Schema of its data and metadata' })
  catalogue() {
    return eventCatalogue();
  }
}
