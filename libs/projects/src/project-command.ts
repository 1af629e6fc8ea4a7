import { Injectable } from '@nestjs/common';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import type { CommandName } from '../../identity/src/authorization.js';
import { type ProjectEvent, projectStream } from './project.events.js';
import { type ProjectState, projectModel } from './project.state.js';

/** A command on the stream of one project; its payload names the project. */
export abstract class ProjectCommand<P extends { proCode: string }> extends EnvelopedCommand<P> {}

export interface ProjectUseCase<P, C = P> {
  name: CommandName;
  decide: Decide<C, ProjectState, ProjectEvent>;
  /** The resource the answer names, read from the first event; the project by default. */
  id?: (firstEventData: Record<string, unknown>) => string;
  withFacts?: StreamCommandSpec<P, C, ProjectState, ProjectEvent>['withFacts'];
}

/** Runs a use case of the project stream `project-{proCode}`. */
@Injectable()
export abstract class ProjectCommandHandler<P extends { proCode: string }, C = P> extends StreamCommandHandler<P, C, ProjectState, ProjectEvent> {
  protected abstract readonly useCase: ProjectUseCase<P, C>;

  protected get spec(): StreamCommandSpec<P, C, ProjectState, ProjectEvent> {
    return {
      ...this.useCase,
      stream: (payload) => projectStream(payload.proCode),
      model: projectModel,
      id: this.useCase.id ?? ((data) => String(data.proCode)),
    };
  }
}
