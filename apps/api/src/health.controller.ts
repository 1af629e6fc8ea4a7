import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore, formatPosition } from '../../../libs/event-store/src/event-store.port.js';
import { Public } from './http/auth.guard.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Public()
  @Get()
  async health() {
    const head = await this.store.headPosition();
    return { status: 'ok', eventStore: { headPosition: head ? formatPosition(head) : null } };
  }
}
