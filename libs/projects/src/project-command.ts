import { Injectable } from '@nestjs/common';
import { Command, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandEnvelope, type CommandResult, CommandPipeline } from '../../event-sourcing/src/command-pipeline.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import type { CommandName } from '../../identity/src/authorization.js';
import { type ProjectEvent, projectStream } from './project.events.js';
import { type ProjectState, projectModel } from './project.state.js';

/** A command on the stream of one project; its payload names the project. */
export abstract class ProjectCommand<P extends { proCode: string }> extends Command<CommandResult> {
  constructor(
    readonly payload: P,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

export interface ProjectCommandSpec<P> {
  name: CommandName;
  decide: Decide<P, ProjectState, ProjectEvent>;
  /** The resource the answer names, read from the first event; the project by default. */
  id?: (firstEventData: Record<string, unknown>) => string;
}

/** Runs a project command through the pipeline; each use case supplies its name and decide function. */
@Injectable()
export abstract class ProjectCommandHandler<P extends { proCode: string }> implements ICommandHandler<ProjectCommand<P>, CommandResult> {
  protected abstract readonly spec: ProjectCommandSpec<P>;

  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ payload, envelope }: ProjectCommand<P>): Promise<CommandResult> {
    return this.pipeline.handle({
      name: this.spec.name,
      stream: projectStream(payload.proCode),
      id: this.spec.id ?? payload.proCode,
      model: projectModel,
      decide: this.spec.decide,
      command: payload,
      envelope,
    });
  }
}
