import type { Context, Env } from '../context/index.ts';
import type { AnnotationPlace, Logger } from './logger.ts';
import type { ReadInput } from './read-input.ts';

/**
 * What a step of the pipeline sees. The single actions and the `publish` root action run the
 * same steps; only `read` differs (publish fills its defaults and feeds one step's outputs
 * into the next), so a behaviour is written once.
 */
export interface StepIO {
  read: ReadInput;
  env: Env;
  /** The run's facts (event, ref, repository, run id and attempt, actor, API and server URLs). */
  context: Context;
  /** The runner's log as one object, for the clients a step builds (registry, Packages API). */
  log: Logger;
  /** The wall clock; tests fix it. */
  now(): Date;
  /** Waits between retries and polls; tests make them return at once. */
  sleep(ms: number): Promise<void>;
  /** Keeps a value for the action's post step (build's secret-file folder, which post removes). */
  saveState(name: string, value: string): void;
  /** Masks a secret in the runner's log before anything can print it. */
  mask(secret: string): void;
  info(line: string): void;
  /** A notice annotation: something the user should see that is not a problem. */
  notice(line: string): void;
  warning(line: string): void;
  /** An error annotation, optionally on a file and line (the build failure's Dockerfile line). */
  error(line: string, where?: AnnotationPlace): void;
}

export interface StepResult<Output extends string = string> {
  /** Every output the step declares (`OUTPUTS` beside it), '' where there is nothing to say. */
  outputs: Record<Output, string>;
  /** Environment variables for the job's later steps (meta's DOCKER_METADATA_OUTPUT_*). */
  exports: Record<string, string>;
  /** This step's part of the job summary, in markdown ('' for none). */
  summary: string;
  /**
   * Set when the step ran to its end but must fail the job (scan's gate): outputs and the
   * summary are still written first, so the reports a user needs to act on exist.
   */
  failure?: string;
}

export type Step = (io: StepIO) => Promise<StepResult>;
