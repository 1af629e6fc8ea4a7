import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
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
  SwaggerModule.setup('docs', app, () => withRequestSchemas(SwaggerModule.createDocument(app, openApi)));
  return app;
}

/**
 * The DTOs declare their rules once, with class-validator; their request-body schemas are derived from those
 * rules, so /docs shows every field, type, pattern and limit the API enforces.
 */
function withRequestSchemas(document: OpenAPIObject): OpenAPIObject {
  const derived = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/', classTransformerMetadataStorage: defaultMetadataStorage });
  const schemas = { ...(document.components?.schemas ?? {}) };
  for (const [name, schema] of Object.entries(derived)) schemas[name] = schema as (typeof schemas)[string];
  return { ...document, components: { ...document.components, schemas } };
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
