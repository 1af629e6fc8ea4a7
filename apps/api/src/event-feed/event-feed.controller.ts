import { Controller, Get, Inject, Param, ParseIntPipe, Query, Req, DefaultValuePipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessDenied, NotFound } from '../../../../libs/event-sourcing/src/command-errors.js';
import { EVENT_STORE, type EventStore, eventView, formatPosition, parsePosition } from '../../../../libs/event-store/src/event-store.port.js';
import type { AuthenticatedRequest } from '../http/auth.guard.js';
import { HttpProblem } from '../http/problem-details.filter.js';

/** Who reads raw streams: auditors replay everything, finance oversees, integrations consume the feeds. */
const FEED_READERS = ['AUDIT_BUREAU', 'FINANCE_AUTHORITY', 'INTEGRATION'];
const STREAM = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const NAME_LIST = /^[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*$/;

function assertFeedReader(req: AuthenticatedRequest): void {
  if (!FEED_READERS.includes(req.actor.role)) {
    throw new AccessDenied('ROLE_NOT_ALLOWED', `event feeds are for ${FEED_READERS.join(', ')}; a ${req.actor.role} reads its projects through their resources`);
  }
}

/** The stored events as they are — data, metadata, hash chain — for replay and for the integrating services. */
@ApiTags('event feeds')
@ApiBearerAuth()
@Controller()
export class EventFeedController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('streams/:stream')
  @ApiOperation({ summary: 'Every event of one stream, in revision order (audit, finance, integration)' })
  async stream(@Param('stream') stream: string, @Req() req: AuthenticatedRequest) {
    assertFeedReader(req);
    if (!STREAM.test(stream)) throw new HttpProblem(400, 'INVALID_STREAM', `${stream} is not a stream name`);
    const events = await this.store.readStream(stream);
    if (events.length === 0) throw new NotFound('STREAM_NOT_FOUND', `no stream ${stream}`);
    return { stream, revision: events[events.length - 1].revision, events: events.map(eventView) };
  }

  @Get('events')
  @ApiOperation({ summary: 'The global log after a position, filtered by stream category and event type, a page at a time' })
  async events(
    @Req() req: AuthenticatedRequest,
    @Query('after') after?: string,
    @Query('category') category?: string,
    @Query('type') type?: string,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit = 100,
  ) {
    assertFeedReader(req);
    if (limit < 1 || limit > 1000) throw new HttpProblem(400, 'INVALID_LIMIT', 'limit must be 1–1000');
    for (const [name, value] of [['category', category], ['type', type]] as const) {
      if (value !== undefined && !NAME_LIST.test(value)) throw new HttpProblem(400, 'INVALID_FILTER', `${name} is a comma-separated list of names`);
    }
    let from;
    try {
      from = after ? parsePosition(after) : undefined;
    } catch {
      throw new HttpProblem(400, 'INVALID_POSITION', `after must be a log position such as "42"`);
    }
    const events = await this.store.readAll({ after: from, categories: category?.split(','), eventTypes: type?.split(','), maxCount: limit });
    const last = events[events.length - 1];
    return { events: events.map(eventView), next: events.length === limit && last ? formatPosition(last.position) : null };
  }
}
