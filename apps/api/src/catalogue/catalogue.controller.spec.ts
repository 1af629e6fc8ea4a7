import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import request from 'supertest';
import { AuthGuard, TOKEN_SECRET } from '../http/auth.guard.js';
import { CatalogueController } from './catalogue.controller.js';

describe('GET /asyncapi.json', () => {
  let app: INestApplication;

  beforeAll(async () => {
    // The controller behind the real guard: every other route of such an app would answer 401 without a token.
    const moduleRef = await Test.createTestingModule({
      controllers: [CatalogueController],
      providers: [
        { provide: TOKEN_SECRET, useValue: `catalogue-spec-${Math.random()}` },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('answers without a token with the AsyncAPI 3.0 catalogue of every event', async () => {
    const res = await request(app.getHttpServer()).get('/asyncapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ asyncapi: '3.0.0', info: { title: 'BudgetLoop event catalogue' } });
    expect(res.body.components.messages.FundsDisbursed).toMatchObject({ name: 'FundsDisbursed', payload: { type: 'object' } });
    expect(res.body.channels.funding).toMatchObject({ address: 'funding-{proCode}-{fiscalYear}', messages: { FundsDisbursed: { $ref: '#/components/messages/FundsDisbursed' } } });
    expect(res.body.operations['receive-funding']).toMatchObject({ action: 'receive', channel: { $ref: '#/channels/funding' } });
  });
});
