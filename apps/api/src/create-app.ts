import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type AppDependencies, AppModule } from './app.module.js';
import { validationPipe } from './http/validation.pipe.js';

export interface CreateAppOptions extends AppDependencies {
  bodyLimit?: string;
  logger?: false | ('log' | 'error' | 'warn')[];
}

/** Builds the HTTP application on the given stores; used by `budgetloop serve`, apps/api/src/main.ts and the e2e specs. */
export async function createApp(options: CreateAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    logger: options.logger ?? ['log', 'error', 'warn'],
  });
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: options.bodyLimit ?? '1mb', type: ['application/json', 'application/*+json'] });
  app.useGlobalPipes(validationPipe);
  const openApi = new DocumentBuilder()
    .setTitle('BudgetLoop API')
    .setDescription('Budget performance management (全面实施预算绩效管理): commands, queries and audit reads. Errors are RFC 9457 problem+json.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}

/** Closes the application, then the store, on SIGINT/SIGTERM, and exits 0: a clean stop loses nothing acknowledged. */
export function closeOnSignals(app: NestExpressApplication, closeAlso: () => Promise<void>, before: () => void = () => {}): void {
  const stop = async () => {
    before();
    await app.close();
    await closeAlso();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
